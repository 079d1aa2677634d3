/**
 * `npm run demo:generate -- --out <dir> [--customers N] [--seed S]
 * [--export-date YYYY-MM-DD] [--months M] [--compress] [--no-bad-rows]`
 *
 * Writes a deterministic set of contract-conformant CRM exports (bulk plus
 * incremental export) for the demo or the benchmark, then prints what it
 * wrote per file and where the deliberately bad rows are, so a pipeline run
 * on the output can be checked against it.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  generateExports,
  MIN_CUSTOMERS,
} from '../core/demo/generate-exports.js';

const USAGE =
  'usage: npm run demo:generate -- --out <dir> [--customers N] [--seed S] ' +
  '[--export-date YYYY-MM-DD] [--months M] [--compress] [--no-bad-rows]';

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

function parseCommandLine(argv: readonly string[]): z.infer<typeof argsSchema> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      out: { type: 'string' },
      customers: { type: 'string' },
      seed: { type: 'string' },
      'export-date': { type: 'string' },
      months: { type: 'string' },
      compress: { type: 'boolean' },
      'no-bad-rows': { type: 'boolean' },
    },
    strict: true,
  });
  return argsSchema.parse(values);
}

function formatBytes(bytes: number): string {
  return bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(1)} MB`
    : `${(bytes / 1e3).toFixed(1)} kB`;
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
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
  if (error instanceof z.ZodError) {
    console.error(`${z.prettifyError(error)}\n${USAGE}`);
  } else if (
    error instanceof RangeError ||
    (error instanceof Error &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    console.error(`${error.message}\n${USAGE}`);
  } else {
    console.error(
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
  }
  process.exitCode = 1;
});
