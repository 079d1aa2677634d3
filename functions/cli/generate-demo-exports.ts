/**
 * `npm run demo:generate -- --out <dir> ...` (`--help` lists the options).
 * Writes a deterministic set of contract-conformant CRM exports (bulk plus
 * incremental export) for the demo or the benchmark, then prints what it
 * wrote per file and where the deliberately bad rows are, so a pipeline run
 * on the output can be checked against it.
 */
import { relative } from 'node:path';
import { z } from 'zod';
import {
  generateExports,
  MIN_CUSTOMERS,
} from '../core/demo/generate-exports.js';
import { PipelineError } from '../core/errors.js';
import { parseCommandLine } from './command-line.js';
import type { CommandSpec } from './command-line.js';

/** Whole numbers, allowing `1_000_000` for readability. */
const wholeNumber = z.preprocess(
  (value) =>
    typeof value === 'string' ? Number(value.replaceAll('_', '')) : value,
  z.number().int(),
);

const argsSchema = z.object({
  out: z
    .string({ error: '--out <dir> is required' })
    .min(1, '--out <dir> is required'),
  customers: wholeNumber.pipe(z.number().min(MIN_CUSTOMERS)).default(3000),
  seed: wholeNumber.default(42),
  'export-date': z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--export-date must be YYYY-MM-DD')
    .optional(),
  months: wholeNumber.pipe(z.number().min(2)).optional(),
  compress: z.boolean().default(false),
  'no-bad-rows': z.boolean().default(false),
});

/** Rows of progress between two lines on stderr for the big entity. */
const PROGRESS_STEP = 1_000_000;

const command: CommandSpec<typeof argsSchema> = {
  command: 'npm run demo:generate --',
  summary: 'Writes a deterministic set of contract exports, with deliberately bad rows, and lists them.',
  options: {
    out: { type: 'string', value: '<dir>', help: 'where the exports go (required)' },
    customers: { type: 'string', value: '<N>', help: `customers, at least ${MIN_CUSTOMERS} (default: 3000)` },
    seed: { type: 'string', value: '<S>', help: 'random seed (default: 42)' },
    'export-date': { type: 'string', value: 'YYYY-MM-DD', help: 'the incremental export date (default: 2026-11-01)' },
    months: { type: 'string', value: '<M>', help: 'months of history, at least 2 (default: 30)' },
    compress: { type: 'boolean', help: 'gzip the files' },
    'no-bad-rows': { type: 'boolean', help: 'leave out the deliberately bad rows' },
  },
  schema: argsSchema,
  footer: 'Exit codes:\n  0  written\n  1  an option is invalid or the files could not be written',
};

function formatBytes(bytes: number): string {
  return bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(1)} MB`
    : `${(bytes / 1e3).toFixed(1)} kB`;
}

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2), command);
  if (parsed.help) {
    process.stdout.write(parsed.text);
    return;
  }
  const { args } = parsed;
  let nextReport = PROGRESS_STEP;
  const started = performance.now();
  const result = await generateExports({
    outDir: args.out,
    customers: args.customers,
    seed: args.seed,
    exportDate: args['export-date'],
    months: args.months,
    compress: args.compress,
    badRows: !args['no-bad-rows'],
    onProgress: (entity, rows) => {
      if (entity !== 'orders' || rows < nextReport) return;
      process.stderr.write(`  ... ${rows.toLocaleString('en-US')} orders\n`);
      nextReport = (Math.floor(rows / PROGRESS_STEP) + 1) * PROGRESS_STEP;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${result.files.length} files to ${args.out} in ${seconds.toFixed(1)} s`,
  );
  for (const file of result.files) {
    console.log(
      `  ${file.entity.padEnd(20)} ${file.rows.toLocaleString('en-US').padStart(12)} rows ` +
        `${formatBytes(file.bytes).padStart(10)}  ${relative(args.out, file.path)}`,
    );
  }
  const rows = result.files.reduce((sum, f) => sum + f.rows, 0);
  const bytes = result.files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(
    `  ${'total'.padEnd(20)} ${rows.toLocaleString('en-US').padStart(12)} rows ${formatBytes(bytes).padStart(10)}`,
  );
  console.log(`${result.badRows.length} deliberately bad rows:`);
  for (const bad of result.badRows) {
    console.log(
      `  ${relative(args.out, bad.path)}:${bad.line}  ${bad.column}: ${bad.why}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof PipelineError || error instanceof RangeError
      ? `error: ${error.message}`
      : error instanceof Error
        ? (error.stack ?? error.message)
        : error,
  );
  process.exitCode = 1;
});
