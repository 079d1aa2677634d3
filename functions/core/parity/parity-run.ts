/**
 * The parity gate: the same nights on DuckDB (in process, `npm start`'s
 * night) and on Trino (the Athena night over REST), then every table both
 * published compared value for value (compare-tables.ts). Each Trino run
 * gets buckets and databases of its own, so runs never see each other.
 *
 * Left out, and said so in the report:
 * - `run_id` (each engine names runs its own way; run ids inside text are
 *   replaced by `<run>` before comparing);
 * - tables one engine alone publishes (Athena's pipeline_model_log);
 * - `pipeline_rejects.line`: Athena's CSV SerDe gives no line numbers, so
 *   the Athena night publishes NULL there.
 * Both engines run the one night plan, so the gate log is compared row for
 * row like every other table.
 */
import type { PipelineConfig } from '../config/pipeline-config.js';
import { DuckDbEngine } from '../duckdb/duckdb-engine.js';
import { GateFailedError } from '../errors.js';
import { sqlIdentifier } from '../sql/sql-text.js';
import { loadModels } from '../models/model-graph.js';
import { publishedColumns, publishedTable } from '../duckdb/night/published-tables.js';
import { runNightly } from '../duckdb/night/run-nightly.js';
import type { NightlySummary } from '../duckdb/night/run-nightly.js';
import { mapLimit } from '../aws/map-limit.js';
import type { TrinoClient } from '../trino/trino-client.js';
import { freshTrinoLayout } from '../trino/run-trino.js';
import { connectTrino } from '../trino/trino-connection.js';
import type { TrinoConnection } from '../trino/trino-connection.js';
import { rowObjects } from '../trino/trino-engine.js';
import { runTrinoNight } from '../trino/trino-night.js';
import type { TrinoNightSummary } from '../trino/trino-night.js';
import { compareTables } from './compare-tables.js';
import type { Cell, TableComparison, TableSide } from './compare-tables.js';

interface ParityOptions {
  readonly exportsDir: string;
  readonly sqlDir: string;
  readonly config: PipelineConfig;
  /** Nights to run in order, each on top of the previous. @default [latest] */
  readonly exportDates: readonly (string | undefined)[];
  readonly piiKey: string;
  readonly connection: TrinoConnection;
  /** Each night's progress line. */
  readonly log?: (line: string) => void;
}

interface TableParity extends TableComparison {
  readonly table: string;
}

interface NightParity {
  readonly exportDate: string;
  readonly tables: readonly TableParity[];
  /** Published by one engine only. */
  readonly onlyDuckDb: readonly string[];
  readonly onlyTrino: readonly string[];
  /** When a night failed on one engine: the two outcomes. */
  readonly outcomes?: { readonly duckdb: string; readonly trino: string };
  readonly messages?: { readonly duckdb: string; readonly trino: string };
}

/** Text cells with the run's own id replaced: `<run>`. */
function withoutRunId(rows: readonly Record<string, Cell>[], runIds: readonly string[]): Record<string, Cell>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'string' ? runIds.reduce((text, id) => text.replaceAll(id, '<run>'), v) : v,
      ]),
    ),
  );
}

async function duckDbSide(engine: DuckDbEngine, name: string, runIds: readonly string[]): Promise<TableSide> {
  return {
    columns: await publishedColumns(engine, name),
    rows: withoutRunId(await engine.query(`SELECT * FROM ${publishedTable(name)}`), runIds),
  };
}

async function trinoSide(trino: Pick<TrinoClient, 'run'>, database: string, name: string, runIds: readonly string[]): Promise<TableSide> {
  const result = await trino.run(`SELECT * FROM ${database}.${sqlIdentifier(name)}`, `parity ${name}`);
  return {
    columns: new Map(result.columns.map((c) => [c.name, c.type])),
    rows: withoutRunId(rowObjects(result), runIds),
  };
}

/** Published tables read from Trino at once. */
const TRINO_READS = 4;
const REJECTS = 'pipeline_rejects';

/**
 * Outcome of a night: its summary, or how it failed. A failed gate reads
 * as the failed gates' names only, so two engines stopping a night for the
 * same reasons agree whatever their messages say.
 */
async function outcomeOf<T>(work: () => Promise<T>): Promise<{ value?: T; error?: string; message?: string }> {
  try {
    return { value: await work() };
  } catch (error) {
    if (error instanceof GateFailedError) {
      return { error: `gates failed: ${error.failures.map((f) => f.gate).sort().join(', ')}` };
    }
    // Other failures agree by kind: their messages name each engine's own
    // location of the exports (a folder, a bucket).
    return { error: error instanceof Error ? error.name : String(error), message: String(error) };
  }
}

/** Runs every night on both engines and compares after each. */
async function runParity(options: ParityOptions): Promise<NightParity[]> {
  const log = options.log ?? (() => {});
  const layout = freshTrinoLayout('parity');
  const deps = connectTrino(options.connection);
  const models = await loadModels(options.sqlDir);
  const keys = new Map(models.map((m) => [m.name, m.header.key]));
  const duckdb = await DuckDbEngine.open(':memory:');
  const nights: NightParity[] = [];
  const runIds: string[] = [];
  try {
    for (const exportDate of options.exportDates) {
      const night = { exportsDir: options.exportsDir, sqlDir: options.sqlDir, config: options.config, piiKey: options.piiKey };
      log(`night ${exportDate ?? 'latest'}: DuckDB`);
      const local = await outcomeOf<NightlySummary>(() => runNightly(duckdb, { ...night, exportDate }));
      log(`night ${exportDate ?? 'latest'}: Trino`);
      const trino = await outcomeOf<TrinoNightSummary>(() =>
        runTrinoNight(deps, { ...night, ...layout, exportDate }),
      );
      const asOf = local.value?.asOf ?? trino.value?.manifest.asOf ?? exportDate ?? 'latest';
      if (!local.value || !trino.value) {
        nights.push({
          exportDate: asOf,
          tables: [],
          onlyDuckDb: [],
          onlyTrino: [],
          outcomes: { duckdb: local.error ?? 'published', trino: trino.error ?? 'published' },
          messages: { duckdb: local.message ?? '', trino: trino.message ?? '' },
        });
        continue;
      }
      runIds.push(local.value.runId, trino.value.manifest.runId);
      const duckNames = local.value.published.map((p) => p.name);
      const trinoNames = trino.value.publish.published;
      const both = duckNames.filter((n) => trinoNames.includes(n)).sort();
      const tables: TableParity[] = [];
      // Trino answers several reads at once; DuckDB's connection one at a time.
      const trinoSides = await mapLimit(both, TRINO_READS, (table) =>
        trinoSide(deps.trino, layout.catalog.kpiDatabase, table, runIds),
      );
      for (const [i, table] of both.entries()) {
        const left = await duckDbSide(duckdb, table, runIds);
        const right = trinoSides[i] as TableSide;
        const ignore = ['run_id', ...(table === REJECTS ? ['line'] : [])];
        tables.push({ table, ...compareTables(left, right, { key: keys.get(table) ?? [], ignore }) });
      }
      nights.push({
        exportDate: asOf,
        tables,
        onlyDuckDb: duckNames.filter((n) => !trinoNames.includes(n)),
        onlyTrino: trinoNames.filter((n) => !duckNames.includes(n)),
      });
    }
  } finally {
    await duckdb.close();
  }
  return nights;
}

export { runParity };
export type { NightParity, ParityOptions, TableParity };
