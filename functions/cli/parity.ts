/**
 * `npm run parity`: the parity gate. Runs the nights on DuckDB and on
 * Trino (started by `npm run trino:start`) and compares every table both
 * published, value for value.
 *
 *   npm run parity -- [--exports <dir>]... [--export-date D[,D2...]] [--config <file.json>]
 *                     [--cases <dir>]... [--known <file.json>] [--trino-url http://127.0.0.1:8080]
 *
 * Each --exports folder is a case of its own (a fresh warehouse on both
 * engines). Each subfolder of a --cases folder is one too, with its own
 * `exports/` and `case.json` (see parity-cases.ts). --known names cases
 * whose differences are known and explained (known-differences.ts): they
 * are reported apart and do not fail the gate, unless they stop differing. Several export dates run in order, each night on top of the
 * one before (restatements). Prints `parity: T tables, R rows, D differing values`
 * and the first differences; exit 0 when nothing differs, 1 when
 * anything does (or a night ends differently on the two engines), 2 on an
 * unexpected error.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../core/config/pipeline-config.js';
import { PipelineError } from '../core/errors.js';
import { isIsoDate } from '../core/exports/discover-exports.js';
import { formatParityRun } from '../core/parity/format-parity.js';
import { readKnownDifferences } from '../core/parity/known-differences.js';
import { readParityCases } from '../core/parity/parity-cases.js';
import { runParity } from '../core/parity/parity-run.js';
import { DEMO_PII_KEY, parsePiiKey, PII_KEY_ENV } from '../core/pii/pii-hash.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const argsSchema = z
  .object({
    exports: z.array(z.string().min(1)).optional(),
    cases: z.array(z.string().min(1)).default([]),
    'export-date': z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(z.string().refine(isIsoDate, 'must be real YYYY-MM-DD dates, comma-separated')))
      .optional(),
    config: z.string().min(1).optional(),
    known: z.string().min(1).optional(),
    'trino-url': z.string().url().optional(),
  })
  .strict();

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      exports: { type: 'string', multiple: true },
      cases: { type: 'string', multiple: true },
      'export-date': { type: 'string' },
      config: { type: 'string' },
      known: { type: 'string' },
      'trino-url': { type: 'string' },
    },
    strict: true,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new PipelineError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const args = parsed.data;
  const key = process.env[PII_KEY_ENV];
  const config = await loadConfig(args.config);
  const exportDates = args['export-date'] ?? [undefined];
  const folders = args.exports ?? (args.cases.length ? [] : [`${projectRoot}sample-exports`]);
  const cases = [
    ...folders.map((exportsDir) => ({ name: exportsDir, exportsDir, config, exportDates })),
    ...(await Promise.all(args.cases.map(readParityCases))).flat(),
  ];
  const known = args.known ? await readKnownDifferences(args.known) : [];
  const results = [];
  for (const { name, exportsDir, config, exportDates } of cases) {
    const night = await runParity({
      exportsDir,
      sqlDir: `${projectRoot}sql`,
      config,
      exportDates,
      // Both engines hash with the same key; the demo key unless one is set.
      piiKey: key ? parsePiiKey(key, PII_KEY_ENV) : DEMO_PII_KEY,
      connection: { trinoUrl: args['trino-url'] },
      log: (line) => process.stderr.write(`${name}: ${line}\n`),
    });
    const label = relative(process.cwd(), name) || '.';
    results.push({ name: label, nights: night.map((n) => ({ ...n, exportDate: `${label} ${n.exportDate}` })) });
  }
  const { text, failed } = formatParityRun(results, known);
  process.stdout.write(`${text}\n`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`\nerror: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof PipelineError ? 1 : 2;
});
