/**
 * A folder of parity cases: each subfolder is one case, holding the
 * exports of its nights (`exports/`, the contract layout) and `case.json`
 * (`config`: pipeline settings; `exportDates`: the nights to run in order,
 * empty for the latest; `test`: where the case comes from). The tests
 * write such folders when asked (test/helpers/parity-cases.ts), so the
 * parity gate runs every night the tests run.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../config/pipeline-config.js';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { isIsoDate } from '../exports/discover-exports.js';
import { readJsonFile } from './read-json-file.js';

interface ParityCase {
  readonly name: string;
  readonly exportsDir: string;
  readonly config: PipelineConfig;
  readonly exportDates: readonly (string | undefined)[];
}

const caseSchema = z
  .object({
    config: z.unknown().default({}),
    exportDates: z.array(z.string().refine(isIsoDate, 'must be a real YYYY-MM-DD date')).default([]),
    test: z.string().optional(),
  })
  .strict();

async function readParityCase(dir: string): Promise<ParityCase> {
  const { config, exportDates } = await readJsonFile(join(dir, 'case.json'), caseSchema);
  return {
    name: dir,
    exportsDir: join(dir, 'exports'),
    config: parseConfig(config),
    exportDates: exportDates.length ? exportDates : [undefined],
  };
}

/** Every case under `root`, in name order. */
async function readParityCases(root: string): Promise<ParityCase[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => join(root, e.name)).sort();
  return Promise.all(dirs.map(readParityCase));
}

export { readParityCases };
export type { ParityCase };
