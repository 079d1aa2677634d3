/**
 * Runs the whole nightly pipeline on a tiny export set written from inline
 * CSV / JSON Lines text, on an in-memory DuckDB, and lets a test read the
 * tables the night built.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import type { Row } from '../../functions/core/engine/engine.js';
import { runNightly } from '../../functions/core/duckdb/night/run-nightly.js';
import type { NightlySummary } from '../../functions/core/duckdb/night/run-nightly.js';
import { recordParityCase } from './parity-cases.js';

const sqlDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql');

/** `<entity>/export_date=<date>/<file name>` -> file content. */
type ExportFiles = Record<string, string | Buffer>;

interface FixtureRun {
  readonly engine: DuckDbEngine;
  readonly summary: NightlySummary;
  readonly exportsDir: string;
  /** Rows of a query, numbers as JS numbers where they are exact. */
  rows(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/** Writes the files into a temporary exports folder, over a copy of `copyFrom` if given. */
async function writeExports(files: ExportFiles, copyFrom?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crm-kpi-fixture-'));
  if (copyFrom) await cp(copyFrom, dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** Runs a night on the files; the caller closes the run. */
async function runFixture(
  files: ExportFiles,
  options: { config?: unknown; exportDate?: string } = {},
): Promise<FixtureRun> {
  const exportsDir = await writeExports(files);
  await recordParityCase(exportsDir, options);
  const engine = await DuckDbEngine.open(':memory:');
  try {
    const summary = await runNightly(engine, {
      exportsDir,
      sqlDir,
      config: parseConfig(options.config ?? {}),
      exportDate: options.exportDate,
    });
    return {
      engine,
      summary,
      exportsDir,
      rows: (sql) => engine.query(sql),
      close: async () => {
        await engine.close();
        await rm(exportsDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await engine.close();
    await rm(exportsDir, { recursive: true, force: true });
    throw error;
  }
}

/** Joins CSV lines; the first is the header. */
function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export { csv, runFixture, sqlDir, writeExports };
export type { ExportFiles, FixtureRun };
