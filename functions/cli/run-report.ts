/**
 * `npm run report`: writes the monthly report again from the tables already
 * published in a local warehouse (a night writes it too), e.g. after a
 * change to the report's layout. `npm run report -- --help` lists its options.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../core/config/pipeline-config.js';
import { DuckDbEngine } from '../core/duckdb/duckdb-engine.js';
import { PipelineError } from '../core/errors.js';
import { acquireWarehouseLock } from '../core/local/warehouse-lock.js';
import { writeReport } from '../core/report/write-report.js';
import { parseCommandLine } from './command-line.js';
import type { CommandSpec } from './command-line.js';

const argsSchema = z
  .object({
    warehouse: z.string().min(1).default('warehouse'),
    config: z.string().min(1).optional(),
  })
  .strict();

const command: CommandSpec<typeof argsSchema> = {
  command: 'npm run report --',
  summary: 'Writes the monthly report again from the tables published in a local warehouse.',
  options: {
    warehouse: { type: 'string', value: '<dir>', help: 'the warehouse npm start wrote (default: warehouse)' },
    config: { type: 'string', value: '<file.json>', help: 'the settings the night ran with (default: all defaults)' },
  },
  schema: argsSchema,
  footer: 'Exit codes:\n  0  written (or nothing to report, said so)\n  1  no warehouse there, or an option is invalid\n  2  a bug',
};

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2), command);
  if (parsed.help) {
    process.stdout.write(parsed.text);
    return;
  }
  const { warehouse, config: configPath } = parsed.args;
  const config = await loadConfig(configPath);
  const databasePath = join(warehouse, 'warehouse.duckdb');
  await access(databasePath).catch((cause: unknown) => {
    throw new PipelineError(`no warehouse at ${databasePath}: run npm start first`, { cause });
  });
  const release = await acquireWarehouseLock(warehouse);
  try {
    const engine = await DuckDbEngine.open(databasePath);
    try {
      const report = await writeReport(engine, warehouse, {
        currency: config.reportingCurrency,
        cacToClvMaxRatio: config.cacToClvMaxRatio,
      });
      process.stdout.write(
        report.status === 'written'
          ? `report ${report.month}: ${report.htmlPath} (${report.bytes} bytes), ${report.latestPath}, CSV in ${report.csvDir}\n`
          : `no report: ${report.reason}\n`,
      );
    } finally {
      await engine.close();
    }
  } finally {
    await release();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof PipelineError ? 1 : 2;
});
