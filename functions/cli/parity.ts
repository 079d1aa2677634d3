/**
 * `npm run parity`: the parity gate. Runs the nights on DuckDB and on
 * Trino (started by `npm run trino:start`) and compares every table both
 * published, value for value. Options and exit codes are declared below
 * (`npm run parity -- --help`). Each --exports folder is a case of its own
 * (a fresh warehouse on both engines); so is each subfolder of a --cases
 * folder, with its own `exports/` and `case.json` (see parity-cases.ts).
 * --known names cases whose differences are known and explained
 * (known-differences.ts): they are reported apart and do not fail the
 * gate, unless they stop differing.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadConfig } from '../core/config/pipeline-config.js';
import { PipelineError } from '../core/errors.js';
import { isIsoDate } from '../core/exports/discover-exports.js';
import { formatParityRun } from '../core/parity/format-parity.js';
import { readKnownDifferences } from '../core/parity/known-differences.js';
import { readParityCases } from '../core/parity/parity-cases.js';
import { runParity } from '../core/parity/parity-run.js';
import { DEMO_PII_KEY, parsePiiKey, PII_KEY_ENV } from '../core/pii/pii-hash.js';
import { parseCommandLine } from './command-line.js';
import type { CommandSpec } from './command-line.js';

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

const command: CommandSpec<typeof argsSchema> = {
  command: 'npm run parity --',
  summary:
    'Runs each night on DuckDB and on Trino and compares every published table, the rejects\n' +
    'and the file log value for value. Prints `parity: T tables, R rows, D differing values`.',
  options: {
    exports: { type: 'string', multiple: true, value: '<dir>', help: 'an export folder, a case of its own (default: the bundled sample-exports)' },
    'export-date': { type: 'string', value: 'D1[,D2...]', help: 'nights to run in order, each on top of the one before (default: the latest)' },
    config: { type: 'string', value: '<file.json>', help: 'settings for the --exports cases (default: all defaults)' },
    cases: { type: 'string', multiple: true, value: '<dir>', help: 'a folder of saved cases (<case>/exports/ and case.json)' },
    known: { type: 'string', value: '<file.json>', help: 'cases whose differences are known, with their reason' },
    'trino-url': { type: 'string', value: '<url>', help: 'the Trino server (default: http://127.0.0.1:8080)' },
  },
  schema: argsSchema,
  footer:
    'Exit codes:\n  0  no value differs\n  1  a value differs, a night ends differently on the two engines, or an option is invalid\n' +
    '  2  a bug: please report it with the message',
};

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2), command);
  if (parsed.help) {
    process.stdout.write(parsed.text);
    return;
  }
  const { args } = parsed;
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
