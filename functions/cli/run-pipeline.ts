/**
 * `npm start`: the nightly pipeline, on DuckDB by default. Without arguments
 * it runs on the bundled sample exports into ./warehouse. Its options and
 * exit codes are declared once below (`npm start -- --help` prints them).
 * `--engine trino` runs the Athena night on Trino instead (see
 * core/trino/run-trino.ts); the report still goes to <warehouse>/report/.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadConfig } from '../core/config/pipeline-config.js';
import type { PipelineConfig } from '../core/config/pipeline-config.js';
import { ConfigInvalidError, GateFailedError, PipelineError } from '../core/errors.js';
import { isIsoDate } from '../core/exports/discover-exports.js';
import { formatSummary } from '../core/local/print-summary.js';
import { DEFAULT_MEMORY_LIMIT, runLocal } from '../core/local/run-local.js';
import type { ProgressSink } from '../core/engine/progress.js';
import { DEMO_PII_KEY, parsePiiKey, PII_KEY_ENV } from '../core/pii/pii-hash.js';
import { formatTrinoSummary, runTrino } from '../core/trino/run-trino.js';
import { parseCommandLine } from './command-line.js';
import type { CommandSpec } from './command-line.js';

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

const EXIT_CODES = `Exit codes:
  0  published (rejects within maxRejectShare are warnings, listed in the summary)
  1  not published: a quality gate or model failed (KPI tables untouched; on a gate
     failure pipeline_gate_log, pipeline_file_log and pipeline_rejects say why), or
     the exports, the config or an option is invalid
  2  a bug: please report it with the message

Environment:
  ${PII_KEY_ENV}  key for hashing personal data (at least 16 characters); the
                   bundled sample exports use a published demo key without it`;

const command: CommandSpec<typeof argsSchema> = {
  command: 'npm start --',
  summary:
    'Runs the nightly pipeline: lands the exports, builds the SQL models, checks the quality\n' +
    'gates and publishes the KPI tables, their Parquet copies and the monthly report.',
  options: {
    exports: { type: 'string', value: '<dir>', help: 'export folders <entity>/export_date=YYYY-MM-DD/ (default: the bundled sample-exports)' },
    warehouse: { type: 'string', value: '<dir>', help: 'where warehouse.duckdb, parquet/ and report/ go (default: warehouse)' },
    'export-date': { type: 'string', value: 'YYYY-MM-DD', help: 'the night to run: exports up to this date (default: the latest)' },
    config: { type: 'string', value: '<file.json>', help: 'settings (currency, time zone, thresholds; default: all defaults)' },
    'memory-limit': { type: 'string', value: '<size>', help: `DuckDB's memory before it spills, e.g. 1GB or 512MB (default: ${DEFAULT_MEMORY_LIMIT})` },
    force: { type: 'boolean', help: 'publish despite a row-count drop (still logged as a warning)' },
    engine: { type: 'string', value: 'duckdb|trino', help: 'where the night runs (default: duckdb, in process)' },
    'trino-url': { type: 'string', value: '<url>', help: 'with --engine trino: the server (default: http://127.0.0.1:8080)' },
  },
  schema: argsSchema,
  footer: EXIT_CODES,
};

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
  const parsed = parseCommandLine(process.argv.slice(2), command);
  if (parsed.help) {
    process.stdout.write(parsed.text);
    return;
  }
  const { args } = parsed;
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
