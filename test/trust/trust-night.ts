/**
 * Runs one night the way the trust tests need it: on a copy of an export
 * folder (plus generated files), into an in-memory DuckDB, keeping the
 * engine open whether the night published or failed a gate, so a test can
 * read what was published (main), built (build) and landed (landing).
 */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import type { Row } from '../../functions/core/engine/engine.js';
import { GateFailedError } from '../../functions/core/errors.js';
import { runNightly } from '../../functions/core/duckdb/night/run-nightly.js';
import type { NightlySummary } from '../../functions/core/duckdb/night/run-nightly.js';
import { recordParityCase } from '../helpers/parity-cases.js';
import { sqlDir, writeExports } from '../helpers/run-fixture.js';

const fixturesDir = join(dirname(sqlDir), 'test', 'fixtures');

/** `<entity>/export_date=<date>/<file>` -> content. */
type GeneratedFiles = Record<string, string | Buffer>;

interface TrustNight {
  readonly engine: DuckDbEngine;
  readonly exportsDir: string;
  /** The summary when the night published; null when a gate failed. */
  readonly summary: NightlySummary | null;
  readonly gateError: GateFailedError | null;
  rows(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/** Copies a fixture folder (if any) and writes the generated files. */
function prepareExports(fixture: string | null, files: GeneratedFiles = {}): Promise<string> {
  return writeExports(files, fixture ? join(fixturesDir, fixture) : undefined);
}

/** Runs a night; a failed gate is a result, any other error is thrown. */
async function runTrustNight(
  exportsDir: string,
  options: { config?: unknown; exportDate?: string; piiKey?: string } = {},
): Promise<TrustNight> {
  await recordParityCase(exportsDir, options);
  const engine = await DuckDbEngine.open(':memory:');
  const close = async (): Promise<void> => {
    await engine.close();
    await rm(exportsDir, { recursive: true, force: true });
  };
  const night = { engine, exportsDir, rows: (sql: string) => engine.query(sql), close };
  try {
    const summary = await runNightly(engine, {
      exportsDir,
      sqlDir,
      config: parseConfig(options.config ?? {}),
      exportDate: options.exportDate,
      ...(options.piiKey ? { piiKey: options.piiKey } : {}),
    });
    return { ...night, summary, gateError: null };
  } catch (error) {
    if (error instanceof GateFailedError) return { ...night, summary: null, gateError: error };
    await close();
    throw error;
  }
}

export { prepareExports, runTrustNight };
export type { GeneratedFiles, TrustNight };
