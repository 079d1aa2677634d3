/**
 * `pipeline_restatements` on DuckDB: every figure of the headline-level
 * tables that differs from the one published before, so finance can see why
 * last month's report moved (an order dated three months ago arrived
 * tonight). The SQL is restatement-sql.ts, shared with Athena; this module
 * reads the columns of tonight's build and of the published tables. An
 * identical rerun republishes the restatements of the run it repeats, so
 * reruns publish identical tables.
 */
import type { Engine } from '../engine/engine.js';
import type { Model } from '../models/model-graph.js';
import { buildTable } from './build-models.js';
import { buildColumns, publishedColumns, publishedTable } from './published-tables.js';
import {
  RESTATEMENTS,
  republishedSelect,
  restatedKeys,
  restatementsSelect,
} from './restatement-sql.js';
import type { RestatedTable } from './restatement-sql.js';
import { latestPublishedNight } from './run-history.js';
import type { RunIdentity } from './run-log-tables.js';

/** The restated tables with the columns of tonight's build and of the published night. */
async function restatedTables(engine: Engine, models: readonly Model[]): Promise<RestatedTable[]> {
  const tables: RestatedTable[] = [];
  for (const { name, key } of restatedKeys(models)) {
    tables.push({
      name,
      key,
      built: await buildColumns(engine, name),
      previous: await publishedColumns(engine, name),
    });
  }
  return tables;
}

/** Builds `pipeline_restatements` for this night into the build schema. */
async function buildRestatements(
  engine: Engine,
  models: readonly Model[],
  run: RunIdentity,
): Promise<void> {
  const latest = await latestPublishedNight(engine);
  const rerun =
    latest?.runId === run.runId && (await publishedColumns(engine, RESTATEMENTS)).size > 0;
  await engine.materialize(
    buildTable(RESTATEMENTS),
    rerun
      ? republishedSelect(publishedTable(RESTATEMENTS), run)
      : restatementsSelect(
          await restatedTables(engine, models),
          { built: buildTable, previous: publishedTable },
          run,
        ),
  );
}

export { buildRestatements, RESTATEMENTS };
