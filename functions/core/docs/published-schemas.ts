/**
 * The column names and types of every published KPI table, read from a
 * night built on the bundled sample exports in an in-memory DuckDB.
 */
import { parseConfig } from '../config/pipeline-config.js';
import { DuckDbEngine } from '../engine/duckdb-engine.js';
import type { Model } from '../models/model-graph.js';
import { runNightly } from '../pipeline/run-nightly.js';
import type { ColumnType } from './kpi-reference.js';

/** Builds the sample night and describes each KPI table. */
async function publishedSchemas(
  models: readonly Model[],
  exportsDir: string,
  sqlDir: string,
): Promise<Map<string, ColumnType[]>> {
  const engine = await DuckDbEngine.open(':memory:');
  try {
    await runNightly(engine, { exportsDir, sqlDir, config: parseConfig({}) });
    const schemas = new Map<string, ColumnType[]>();
    for (const model of models.filter((m) => m.layer === 'kpi')) {
      const rows = await engine.query(`DESCRIBE main.${model.name}`);
      schemas.set(
        model.name,
        rows.map((r) => ({ column: String(r.column_name), type: String(r.column_type) })),
      );
    }
    return schemas;
  } finally {
    await engine.close();
  }
}

export { publishedSchemas };
