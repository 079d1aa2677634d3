/**
 * Deterministic generator of contract-conformant CRM exports, for the demo
 * and the benchmark: every entity of the export contract, in a bulk export
 * dated the day before the last export date plus a small incremental export
 * at the last export date, with a handful of deliberately bad rows reported
 * with their file and line so the rejects table can be checked against them.
 * Same options, byte-identical files.
 */
import { BadRowLog, type BadRow } from './bad-rows.js';
import { dayToIso, parseDay } from './calendar.js';
import { ExportSink, type GeneratedFile } from './export-sink.js';
import { writeCrmUserActivity } from './simulate-crm-users.js';
import { writeMarketingSpend } from './simulate-marketing.js';
import { writeCustomerEntities } from './write-customer-entities.js';
import { World } from './world.js';

/** Options of one run; everything not given has a documented default. */
interface GenerateOptions {
  /** Writes `<outDir>/<entity>/export_date=<YYYY-MM-DD>/<file>`. */
  readonly outDir: string;
  /** Demo: 3,000; benchmark: up to 1,000,000 (about ten orders each). */
  readonly customers: number;
  /** @default 42 */
  readonly seed?: number;
  /** The LAST export date, `YYYY-MM-DD`. @default '2026-11-01' */
  readonly exportDate?: string;
  /** Months of history ending the day before the last export date. @default 30 */
  readonly months?: number;
  /** Include a small fixed number of deliberately bad rows. @default true */
  readonly badRows?: boolean;
  /** Gzip the big entities (orders, engagement_events). @default false */
  readonly compress?: boolean;
  /** Called as files are flushed, with the rows written so far for the entity. */
  readonly onProgress?: (entity: string, rowsWritten: number) => void;
}

/** What was written, and where the deliberately bad rows are (to check rejects against). */
interface GenerateResult {
  readonly files: GeneratedFile[];
  readonly badRows: BadRow[];
}

/** Smallest run that still has room for every bad row and incremental pick. */
const MIN_CUSTOMERS = 10;

/** Validates the options and fixes their defaults, before any file is touched. */
function resolveWorld(options: GenerateOptions): World {
  const exportDate = options.exportDate ?? '2026-11-01';
  const exportDay = parseDay(exportDate);
  if (exportDay === undefined)
    throw new RangeError(
      `exportDate must be a real YYYY-MM-DD date, got '${exportDate}'`,
    );
  const months = options.months ?? 30;
  if (!Number.isInteger(months) || months < 2)
    throw new RangeError(`months must be an integer >= 2, got ${months}`);
  if (
    !Number.isInteger(options.customers) ||
    options.customers < MIN_CUSTOMERS
  ) {
    throw new RangeError(
      `customers must be an integer >= ${MIN_CUSTOMERS}, got ${options.customers}`,
    );
  }
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed))
    throw new RangeError(`seed must be an integer, got ${seed}`);
  return new World({ customers: options.customers, seed, exportDay, months });
}

/**
 * Writes the bulk and incremental exports for `options` and reports them.
 * Marketing spend first (it only needs the acquisition curve), then one pass
 * over the customers for every per-customer entity, then CRM user activity.
 */
async function generateExports(
  options: GenerateOptions,
): Promise<GenerateResult> {
  const world = resolveWorld(options);
  const sink = await ExportSink.open({
    outDir: options.outDir,
    bulkDate: dayToIso(world.bulkDay),
    incrementalDate: dayToIso(world.exportDay),
    compress: options.compress ?? false,
    onProgress: options.onProgress,
  });
  const badRows = options.badRows === false ? undefined : new BadRowLog();
  try {
    await writeMarketingSpend(world, sink.bulk('marketing_spend'), badRows);
    await writeCustomerEntities(world, sink, badRows);
    await writeCrmUserActivity(world, sink.bulk('crm_user_activity'));
  } catch (error) {
    sink.destroy();
    throw error;
  }
  return { files: await sink.close(), badRows: badRows?.rows ?? [] };
}

export {
  generateExports,
  MIN_CUSTOMERS,
  type GenerateOptions,
  type GenerateResult,
};
