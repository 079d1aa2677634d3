/**
 * The baseline of a DuckDB night: the night whose KPI tables are published
 * now, read from the published `pipeline_run_history` (plan/run-history.ts
 * builds it; it changes only when a night publishes its KPI tables, so a
 * night that failed its gates never becomes the baseline).
 */
import type { Engine } from '../../engine/engine.js';
import { RUN_HISTORY } from '../../plan/run-history.js';
import { publishedColumns, publishedTable } from './published-tables.js';

interface PublishedNight {
  readonly runNumber: number;
  readonly runId: string;
}

/** The night whose KPI tables are published now, or null before the first. */
async function latestPublishedNight(engine: Engine): Promise<PublishedNight | null> {
  if ((await publishedColumns(engine, RUN_HISTORY)).size === 0) return null;
  const [row] = await engine.query(
    `SELECT run_number, run_id FROM ${publishedTable(RUN_HISTORY)}
     ORDER BY run_number DESC LIMIT 1`,
  );
  return row ? { runNumber: Number(row.run_number), runId: String(row.run_id) } : null;
}

export { latestPublishedNight };
