/**
 * Per-model tests in the manner of SQLMesh's unit tests: one model of sql/
 * is fed its upstream rows directly (each `ref` bound to a table the test
 * gives, columns typed), rendered by the night plan exactly as a night
 * renders it, and run on an in-memory DuckDB. Nothing is landed, so a
 * landing or upstream bug cannot turn the test red; the whole-night tests
 * (run-fixture.ts) cover the chain.
 */
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import type { Row } from '../../functions/core/engine/engine.js';
import { sqlIdentifier, sqlString } from '../../functions/core/sql/sql-text.js';
import { loadModels } from '../../functions/core/models/model-graph.js';
import type { Model } from '../../functions/core/models/model-graph.js';
import { renderModelSelect } from '../../functions/core/plan/targets.js';
import type { NightRun } from '../../functions/core/plan/targets.js';
import { sqlDir } from './run-fixture.js';

/** An upstream table: its columns (name -> SQL type) and rows in that column order. */
interface GivenTable {
  readonly columns: Readonly<Record<string, string>>;
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

interface ModelTest {
  /** Every `ref` of the model, by name. */
  readonly given: Readonly<Record<string, GivenTable>>;
  /** The night's export date (`var('as_of')`). @default '2025-06-30' */
  readonly asOf?: string;
  /** Settings other than the defaults. */
  readonly config?: Record<string, unknown>;
}

const GIVEN = 'given';
let models: Promise<Model[]> | undefined;

const literal = (value: string | number | boolean | null, type: string): string =>
  value === null ? `CAST(NULL AS ${type})` : `CAST(${sqlString(String(value))} AS ${type})`;

async function givenTable(engine: DuckDbEngine, name: string, table: GivenTable): Promise<void> {
  const columns = Object.entries(table.columns);
  const ddl = columns.map(([column, type]) => `${sqlIdentifier(column)} ${type}`).join(', ');
  await engine.execute(`CREATE TABLE ${GIVEN}.${sqlIdentifier(name)} (${ddl})`);
  for (const row of table.rows) {
    if (row.length !== columns.length) {
      throw new Error(`given ${name}: a row has ${row.length} values for ${columns.length} columns`);
    }
    const values = row.map((value, i) => literal(value, columns[i]?.[1] ?? 'VARCHAR'));
    await engine.execute(`INSERT INTO ${GIVEN}.${sqlIdentifier(name)} VALUES (${values.join(', ')})`);
  }
}

/** Runs one model over the given upstream rows; returns its rows ordered by every column. */
async function runModel(name: string, test: ModelTest): Promise<Row[]> {
  models ??= loadModels(sqlDir);
  const all = await models;
  const model = all.find((m) => m.name === name);
  if (!model) throw new Error(`no model named ${name} in sql/`);
  const missing = model.refs.filter((ref) => !(ref in test.given));
  const extra = Object.keys(test.given).filter((given) => !model.refs.includes(given));
  if (missing.length > 0 || extra.length > 0 || model.sources.length > 0) {
    throw new Error(
      `${name} reads ${[...model.refs, ...model.sources.map((s) => `source ${s}`)].join(', ')}; ` +
        `the test gives ${Object.keys(test.given).join(', ') || 'nothing'}`,
    );
  }
  const engine = await DuckDbEngine.open(':memory:');
  try {
    await engine.execute(`CREATE SCHEMA ${GIVEN}`);
    for (const [ref, table] of Object.entries(test.given)) await givenTable(engine, ref, table);
    const run: NightRun = {
      dialect: 'duckdb',
      manifest: {
        runId: 'model_test',
        asOf: test.asOf ?? '2025-06-30',
        config: parseConfig(test.config ?? {}),
        baselineRunId: null,
        force: false,
        files: [],
      },
      models: all,
      tables: { tonight: (target) => `${GIVEN}.${sqlIdentifier(target)}`, baseline: null },
    };
    const select = renderModelSelect(run, model);
    return await engine.query(`SELECT * FROM (${select}) AS model ORDER BY ALL`);
  } finally {
    await engine.close();
  }
}

export { runModel };
export type { GivenTable };
