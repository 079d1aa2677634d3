/**
 * `npm start`: the nightly pipeline on DuckDB. Without arguments it runs on
 * the bundled sample exports into ./warehouse.
 *
 *   npm start -- --exports <dir> --warehouse <dir> [--export-date YYYY-MM-DD]
 *                [--config <file.json>] [--memory-limit 1GB] [--force]
 *                [--engine duckdb|trino] [--trino-url http://127.0.0.1:8080]
 *
 * `--engine trino` runs the Athena night on Trino instead (see
 * core/trino/run-trino.ts); the report still goes to <warehouse>/report/.
 *
 * Exit code: 0 published (rejects within maxRejectShare are warnings); 1 a
 * model or quality gate failed (KPI tables untouched; on a gate failure the
 * run log says why) or the input was invalid; 2 an unexpected error.
 * Personal data is hashed with CRM_KPI_PII_KEY (a published demo key is used
 * for the bundled sample exports only).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../core/config/pipeline-config.js';
import type { PipelineConfig } from '../core/config/pipeline-config.js';
import { ConfigInvalidError, GateFailedError, PipelineError } from '../core/errors.js';
import { isIsoDate } from '../core/exports/discover-exports.js';
import { formatSummary } from '../core/local/print-summary.js';
import { runLocal } from '../core/local/run-local.js';
import type { ProgressSink } from '../core/engine/progress.js';
import { DEMO_PII_KEY, parsePiiKey, PII_KEY_ENV } from '../core/pii/pii-hash.js';
import { formatTrinoSummary, runTrino } from '../core/trino/run-trino.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const argsSchema = z
  .object({
    exports: z.string().min(1).default(`${projectRoot}sample-exports`),
    warehouse: z.string().min(1).default('warehouse'),
    'export-date': z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
      .refine(isIsoDate, 'not a real date')
      .optional(),
    config: z.string().min(1).optional(),
    'memory-limit': z
      .string()
      .regex(/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/i, 'must look like 1GB or 512MB')
      .optional(),
    force: z.boolean().default(false),
    engine: z.enum(['duckdb', 'trino']).default('duckdb'),
    'trino-url': z.string().url().optional(),
  })
  .strict()
  .refine((a) => a.engine === 'trino' || a['trino-url'] === undefined, {
    message: 'is for --engine trino',
    path: ['trino-url'],
  })
  .refine((a) => a.engine === 'duckdb' || a['memory-limit'] === undefined, {
    message: "sets DuckDB's memory and does not apply to --engine trino",
    path: ['memory-limit'],
  });

const cliOptions = {
  exports: { type: 'string' },
  warehouse: { type: 'string' },
  'export-date': { type: 'string' },
  config: { type: 'string' },
  'memory-limit': { type: 'string' },
  force: { type: 'boolean' },
  engine: { type: 'string' },
  'trino-url': { type: 'string' },
} as const;

function parseCli(argv: readonly string[]): z.infer<typeof argsSchema> {
  let values: unknown;
  try {
    ({ values } = parseArgs({ args: [...argv], options: cliOptions, strict: true }));
  } catch (cause) {
    // An unknown option or a missing value is bad input (exit 1), not a crash.
    throw new ConfigInvalidError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
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

/**
 * The personal-data key: CRM_KPI_PII_KEY; for the bundled sample exports
 * only, the published demo key; otherwise none (a night whose exports hold
 * personal data then stops and says how to set it). Never printed.
 */
function piiKey(exportsDir: string): string | null {
  const key = process.env[PII_KEY_ENV];
  if (key !== undefined && key !== '') return parsePiiKey(key, PII_KEY_ENV);
  if (resolve(exportsDir) !== resolve(projectRoot, 'sample-exports')) return null;
  process.stderr.write(`${PII_KEY_ENV} is not set: hashing the demo's emails with the published demo key\n`);
  return DEMO_PII_KEY;
}

/** The Trino night: production always has a key, so this needs one too. */
async function mainTrino(args: z.infer<typeof argsSchema>, config: PipelineConfig): Promise<void> {
  const key = piiKey(args.exports);
  if (key === null) {
    throw new ConfigInvalidError(
      `--engine trino hashes personal data with a key, as production does: set ${PII_KEY_ENV} ` +
        'to a secret of at least 16 characters',
    );
  }
  const result = await runTrino({
    exportsDir: args.exports,
    warehouseDir: args.warehouse,
    sqlDir: `${projectRoot}sql`,
    config,
    exportDate: args['export-date'],
    force: args.force,
    piiKey: key,
    connection: { trinoUrl: args['trino-url'] },
    progress: consoleProgress(),
  });
  process.stdout.write(`\n${formatTrinoSummary(result)}\n`);
}

async function main(): Promise<void> {
  const args = parseCli(process.argv.slice(2));
  const config = await loadConfig(args.config);
  if (args.engine === 'trino') return mainTrino(args, config);
  const result = await runLocal({
    exportsDir: args.exports,
    warehouseDir: args.warehouse,
    sqlDir: `${projectRoot}sql`,
    config,
    exportDate: args['export-date'],
    memoryLimit: args['memory-limit'],
    force: args.force,
    piiKey: piiKey(args.exports),
    progress: consoleProgress(),
  });
  process.stdout.write(`\n${formatSummary(result)}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const outcome =
    error instanceof GateFailedError
      ? 'The KPI tables were not published (the previous ones are unchanged); ' +
        'pipeline_gate_log, pipeline_file_log and pipeline_rejects say why.'
      : 'Nothing was published; previously published tables are unchanged.';
  process.stderr.write(`\nerror: ${message}\n${outcome}\n`);
  process.exitCode = error instanceof PipelineError ? 1 : 2;
});
