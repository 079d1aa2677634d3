/**
 * `npm start`: the nightly pipeline on DuckDB. Without arguments it runs on
 * the bundled sample exports into ./warehouse.
 *
 *   npm start -- --exports <dir> --warehouse <dir> [--export-date YYYY-MM-DD]
 *                [--config <file.json>] [--memory-limit 1GB]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../core/config/pipeline-config.js';
import { PipelineError } from '../core/errors.js';
import { formatSummary } from '../core/local/print-summary.js';
import { runLocal } from '../core/local/run-local.js';
import type { ProgressSink } from '../core/pipeline/run-nightly.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const argsSchema = z
  .object({
    exports: z.string().min(1).default(`${projectRoot}sample-exports`),
    warehouse: z.string().min(1).default('warehouse'),
    'export-date': z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
      .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date')
      .optional(),
    config: z.string().min(1).optional(),
    'memory-limit': z
      .string()
      .regex(/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/i, 'must look like 1GB or 512MB')
      .optional(),
  })
  .strict();

function parseCli(argv: readonly string[]): z.infer<typeof argsSchema> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      exports: { type: 'string' },
      warehouse: { type: 'string' },
      'export-date': { type: 'string' },
      config: { type: 'string' },
      'memory-limit': { type: 'string' },
    },
    strict: true,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new PipelineError(
      parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

function consoleProgress(): ProgressSink {
  const started = performance.now();
  const stamp = (): string => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s`;
  return {
    stage: (name) => process.stderr.write(`${stamp()} == ${name}\n`),
    info: (message) => process.stderr.write(`${stamp()}    ${message}\n`),
  };
}

async function main(): Promise<void> {
  const args = parseCli(process.argv.slice(2));
  const config = await loadConfig(args.config);
  const result = await runLocal({
    exportsDir: args.exports,
    warehouseDir: args.warehouse,
    sqlDir: `${projectRoot}sql`,
    config,
    exportDate: args['export-date'],
    memoryLimit: args['memory-limit'],
    progress: consoleProgress(),
  });
  process.stdout.write(`\n${formatSummary(result)}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\nerror: ${message}\nNothing was published; previously published tables are unchanged.\n`);
  process.exitCode = error instanceof PipelineError ? 1 : 2;
});
