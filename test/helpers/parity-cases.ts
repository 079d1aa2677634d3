/**
 * Saves the nights the tests run as parity cases, so the parity gate
 * (`npm run parity -- --cases <dir>`) runs every fixture night on DuckDB
 * and on Trino. Off unless CRM_KPI_PARITY_CASES names a folder; then each
 * night becomes `<dir>/<test file>-<hash>/` holding `exports/` (the files
 * exactly as the test wrote them) and `case.json` (config, export date,
 * the test that ran it). Identical nights (same files, config and date)
 * are saved once.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { expect } from 'vitest';
import { pipelineConfigSchema } from '../../functions/core/config/pipeline-config.js';

const PARITY_CASES_ENV = 'CRM_KPI_PARITY_CASES';

/** Every file under `dir`, as paths relative to it, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** A digest of the night: every file's path and bytes, the config and the date. */
async function nightDigest(exportsDir: string, spec: object): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(spec));
  for (const file of await filesUnder(exportsDir)) {
    hash.update(file).update('\0').update(await readFile(join(exportsDir, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 10);
}

async function recordParityCase(
  exportsDir: string,
  night: { readonly config?: unknown; readonly exportDate?: string },
): Promise<void> {
  const root = process.env[PARITY_CASES_ENV];
  // A night refused for its settings never runs: not a case.
  if (!root || !pipelineConfigSchema.safeParse(night.config ?? {}).success) return;
  const state = expect.getState();
  const spec = { config: night.config ?? {}, exportDates: night.exportDate ? [night.exportDate] : [] };
  const testFile = basename(state.testPath ?? 'test').replace(/\.test\.ts$/, '');
  const test = state.currentTestName ?? '(set-up of the file)';
  const words = test.split('>').at(-1)?.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);
  const dir = join(root, `${testFile}-${words}-${await nightDigest(exportsDir, spec)}`);
  await mkdir(dir, { recursive: true });
  await cp(exportsDir, join(dir, 'exports'), { recursive: true });
  await writeFile(join(dir, 'case.json'), `${JSON.stringify({ ...spec, test: `${testFile}: ${test}` }, null, 2)}\n`);
}

export { filesUnder, PARITY_CASES_ENV, recordParityCase };
