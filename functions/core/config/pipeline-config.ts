/**
 * The one validated configuration file of the pipeline. Every value that reaches
 * SQL passes through this schema first, so a model never sees unvalidated text.
 * Defaults follow the KPI definitions (docs/kpis.md).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigInvalidError } from '../errors.js';

const healthWeightsSchema = z
  .object({
    recency: z.number().min(0).max(1).default(0.25),
    frequency: z.number().min(0).max(1).default(0.15),
    monetary: z.number().min(0).max(1).default(0.15),
    sentiment: z.number().min(0).max(1).default(0.2),
    service: z.number().min(0).max(1).default(0.1),
    engagement: z.number().min(0).max(1).default(0.15),
  })
  .strict()
  .refine(
    (w) => Math.abs(Object.values(w).reduce((a, b) => a + b, 0) - 1) < 1e-9,
    {
      message:
        'health score weights must sum to 1 ' +
        '(recency + frequency + monetary + sentiment + service + engagement)',
    },
  );

const pipelineConfigSchema = z
  .object({
    /** ISO 4217 code; orders in another currency are rejected at landing. */
    reportingCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code')
      .default('USD'),
    /** IANA zone used for timestamps exported without an offset. */
    timeZone: z
      .string()
      .regex(/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/, 'must be an IANA zone')
      .refine(isKnownTimeZone, 'unknown IANA time zone')
      .default('UTC'),
    /** A customer with a completed order in this many days up to d is active on d. */
    churnWindowDays: z.number().int().min(1).max(3660).default(180),
    /** Months after acquisition that historical CLV looks at. */
    clvHorizonMonths: z.number().int().min(1).max(240).default(36),
    /** Used by predictive CLV (net present value). */
    annualDiscountRate: z.number().min(0).max(1).default(0.1),
    /** A contract renewed later than this many days after it ended is not a renewal. */
    renewalGraceDays: z.number().int().min(0).max(3660).default(30),
    /** Lowest CSAT score (1-5) that counts as satisfied. */
    csatSatisfiedMin: z.number().int().min(1).max(5).default(4),
    /** Rule of thumb: CAC may be at most this share of CLV. */
    cacToClvMaxRatio: z.number().gt(0).max(10).default(0.1),
    /**
     * Month (1-12) the fiscal year starts in, for dim_date's fiscal labels; a
     * fiscal year is named after the calendar year it ends in.
     */
    fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
    /**
     * Share of an entity's rows that may be rejected before the night fails.
     * Below it the rejects are warnings: the night publishes.
     */
    maxRejectShare: z.number().min(0).max(1).default(0.05),
    /**
     * Share by which an entity's accepted rows may fall against the previous
     * published night before the night fails (an export that silently
     * shrank); a forced run publishes anyway. 1 turns the alarm off.
     */
    maxRowCountDrop: z.number().min(0).max(1).default(0.5),
    healthWeights: healthWeightsSchema.default({
      recency: 0.25,
      frequency: 0.15,
      monetary: 0.15,
      sentiment: 0.2,
      service: 0.1,
      engagement: 0.15,
    }),
  })
  .strict();

type PipelineConfig = z.infer<typeof pipelineConfigSchema>;

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Validates a parsed config object, naming every offending key on failure. */
function parseConfig(input: unknown, source = 'config'): PipelineConfig {
  const result = pipelineConfigSchema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ConfigInvalidError(`${source} is invalid: ${problems}`);
  }
  return result.data;
}

/** JSON.parse's complaint with its offset as line and column (1-based). */
function jsonProblem(text: string, cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const offset = /at position (\d+)/.exec(message)?.[1];
  const at = offset === undefined ? text.length : Number(offset);
  const before = text.slice(0, at).split('\n');
  const where = `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at ${where}`;
}

/** Reads a JSON config file; no file means all defaults. */
async function loadConfig(path?: string): Promise<PipelineConfig> {
  if (!path) return parseConfig({});
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigInvalidError(`cannot read config file ${path}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigInvalidError(`${path} is not valid JSON: ${jsonProblem(text, cause)}`, { cause });
  }
  return parseConfig(json, path);
}

export { loadConfig, parseConfig, pipelineConfigSchema };
export type { PipelineConfig };
