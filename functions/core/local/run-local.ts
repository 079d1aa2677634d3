/**
 * The nightly pipeline on a laptop: DuckDB in `<warehouse>/warehouse.duckdb`
 * holds every published table under its published name, and each one is
 * also written as Parquet to `<warehouse>/parquet/<table>.parquet`.
 */
import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { DuckDbEngine } from '../duckdb/duckdb-engine.js';
import { GateFailedError } from '../errors.js';
import { assertExportsFolder } from '../exports/discover-exports.js';
import { sqlString } from '../sql/sql-text.js';
import { RUN_LOG_TABLES } from '../duckdb/night/run-log-tables.js';
import { runNightly } from '../duckdb/night/run-nightly.js';
import type { NightlySummary } from '../duckdb/night/run-nightly.js';
import { SILENT_PROGRESS, timed } from '../engine/progress.js';
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

/**
 * What this run creates: the warehouse folder when it does not exist, else
 * its database file (and DuckDB's write-ahead log) when that does not.
 */
async function newWarehouse(warehouseDir: string, databasePath: string): Promise<string[]> {
  const there = (path: string): Promise<boolean> => access(path).then(() => true, () => false);
  if (!(await there(warehouseDir))) return [warehouseDir];
  return (await there(databasePath)) ? [] : [databasePath, `${databasePath}.wal`];
}

/** Runs one night into a local warehouse folder. */
async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  await assertExportsFolder(options.exportsDir);
  const databasePath = join(options.warehouseDir, 'warehouse.duckdb');
  const parquetDir = join(options.warehouseDir, 'parquet');
  const created = await newWarehouse(options.warehouseDir, databasePath);
  await mkdir(options.warehouseDir, { recursive: true });
  const release = await acquireWarehouseLock(options.warehouseDir);
  let published = false;
  try {
    const engine = await DuckDbEngine.open(databasePath, {
      memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      tempDirectory: join(options.warehouseDir, '.spill'),
    });
    try {
      const summary = await runNightly(engine, options).catch(async (error: unknown) => {
        // A failed gate published the run log: its Parquet copies follow.
        if (error instanceof GateFailedError) {
          published = true;
          await exportParquet(engine, RUN_LOG_TABLES, parquetDir);
        }
        throw error;
      });
      published = true;
      const stageSeconds = { ...summary.stageSeconds };
      const progress = options.progress ?? SILENT_PROGRESS;
      await timed(stageSeconds, 'parquet', progress, () =>
        exportParquet(engine, summary.published.map((p) => p.name), parquetDir),
      );
      const report = await timed(stageSeconds, 'report', progress, () =>
        writeReport(engine, options.warehouseDir, {
          currency: options.config.reportingCurrency,
          cacToClvMaxRatio: options.config.cacToClvMaxRatio,
        }),
      );
      await engine.execute('CHECKPOINT');
      return { ...summary, stageSeconds, databasePath, parquetDir, report };
    } finally {
      await engine.close();
    }
  } finally {
    await release();
    // Nothing published into a warehouse this run created: leave nothing behind.
    if (!published) for (const path of created) await rm(path, { recursive: true, force: true });
  }
}

export { DEFAULT_MEMORY_LIMIT, runLocal };
export type { LocalRunOptions, LocalRunResult };
