/**
 * `npm run report`: writes the monthly report again from the tables already
 * published in a local warehouse (a night writes it too), e.g. after a
 * change to the report's layout.
 *
 *   npm run report -- [--warehouse <dir>] [--config <file.json>]
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../core/config/pipeline-config.js';
import { DuckDbEngine } from '../core/duckdb/duckdb-engine.js';
import { PipelineError } from '../core/errors.js';
import { acquireWarehouseLock } from '../core/local/warehouse-lock.js';
import { writeReport } from '../core/report/write-report.js';

const argsSchema = z
  .object({
    warehouse: z.string().min(1).default('warehouse'),
    config: z.string().min(1).optional(),
  })
  .strict();

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { warehouse: { type: 'string' }, config: { type: 'string' } },
    strict: true,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new PipelineError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const { warehouse, config: configPath } = parsed.data;
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
