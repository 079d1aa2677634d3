/**
 * The nightly pipeline on a laptop: DuckDB in `<warehouse>/warehouse.duckdb`
 * holds every published table under its published name, and each one is
 * also written as Parquet to `<warehouse>/parquet/<table>.parquet`.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { DuckDbEngine } from '../duckdb/duckdb-engine.js';
import { GateFailedError } from '../errors.js';
import { sqlString } from '../sql/sql-text.js';
import { RUN_LOG_TABLES } from '../duckdb/night/run-log-tables.js';
import { runNightly } from '../duckdb/night/run-nightly.js';
import type { NightlySummary } from '../duckdb/night/run-nightly.js';
import type { ProgressSink } from '../engine/progress.js';
import { writeReport } from '../report/write-report.js';
import type { SkippedReport, WrittenReport } from '../report/write-report.js';
import { acquireWarehouseLock } from './warehouse-lock.js';

interface LocalRunOptions {
  readonly exportsDir: string;
  readonly warehouseDir: string;
  readonly sqlDir: string;
  readonly config: PipelineConfig;
  readonly exportDate?: string;
  /** DuckDB memory limit, e.g. `1GB`. @default DEFAULT_MEMORY_LIMIT */
  readonly memoryLimit?: string;
  /** See NightlyOptions.force. @default false */
  readonly force?: boolean;
  /** See NightlyOptions.piiKey. @default the demo key */
  readonly piiKey?: string | null;
  readonly progress?: ProgressSink;
}

/**
 * Enough for a million-customer night while keeping the whole process
 * under 2 GB; DuckDB spills to `<warehouse>/.spill` beyond it.
 */
const DEFAULT_MEMORY_LIMIT = '1GB';

interface LocalRunResult extends NightlySummary {
  readonly databasePath: string;
  readonly parquetDir: string;
  /** The monthly report written from the published tables, or why not. */
  readonly report: WrittenReport | SkippedReport;
}

/** Writes each table to a temporary file, then renames it into place. */
async function exportParquet(
  engine: DuckDbEngine,
  tables: readonly string[],
  parquetDir: string,
): Promise<void> {
  await mkdir(parquetDir, { recursive: true });
  // A run killed mid-export leaves `.tmp` files behind; nothing reads them.
  for (const name of await readdir(parquetDir)) {
    if (name.endsWith('.parquet.tmp')) await rm(join(parquetDir, name), { force: true });
  }
  for (const table of tables) {
    const target = join(parquetDir, `${table}.parquet`);
    const temporary = `${target}.tmp`;
    await engine.execute(
      `COPY main.${table} TO ${sqlString(temporary)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    await rename(temporary, target);
  }
}

/** Runs one night into a local warehouse folder. */
async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  await mkdir(options.warehouseDir, { recursive: true });
  const release = await acquireWarehouseLock(options.warehouseDir);
  const databasePath = join(options.warehouseDir, 'warehouse.duckdb');
  const parquetDir = join(options.warehouseDir, 'parquet');
  try {
    const engine = await DuckDbEngine.open(databasePath, {
      memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      tempDirectory: join(options.warehouseDir, '.spill'),
    });
    try {
      const summary = await runNightly(engine, options).catch(async (error: unknown) => {
        // A failed gate published the run log: its Parquet copies follow.
        if (error instanceof GateFailedError) await exportParquet(engine, RUN_LOG_TABLES, parquetDir);
        throw error;
      });
      options.progress?.stage('parquet');
      await exportParquet(engine, summary.published.map((p) => p.name), parquetDir);
      options.progress?.stage('report');
      const report = await writeReport(engine, options.warehouseDir, {
        currency: options.config.reportingCurrency,
        cacToClvMaxRatio: options.config.cacToClvMaxRatio,
      });
      await engine.execute('CHECKPOINT');
      return { ...summary, databasePath, parquetDir, report };
    } finally {
      await engine.close();
    }
  } finally {
    await release();
  }
}

export { DEFAULT_MEMORY_LIMIT, runLocal };
export type { LocalRunOptions, LocalRunResult };
