/**
 * The column names and types of every documented published table, read
 * from a night built on the bundled sample exports in an in-memory DuckDB.
 */
import { parseConfig } from '../config/pipeline-config.js';
import { DuckDbEngine } from '../duckdb/duckdb-engine.js';
import type { Model } from '../models/model-graph.js';
import { columnTypes } from '../duckdb/night/publish-catalog.js';
import { runNightly } from '../duckdb/night/run-nightly.js';
import { documentedTables } from '../docs/kpi-reference.js';
import type { ColumnType } from '../docs/kpi-reference.js';

/** Builds the sample night and describes each documented published table. */
async function publishedSchemas(
  models: readonly Model[],
  exportsDir: string,
  sqlDir: string,
): Promise<Map<string, ColumnType[]>> {
  const engine = await DuckDbEngine.open(':memory:');
  try {
    await runNightly(engine, { exportsDir, sqlDir, config: parseConfig({}) });
    return await columnTypes(engine, 'main', documentedTables(models).map((t) => t.name));
  } finally {
    await engine.close();
  }
}

export { publishedSchemas };
