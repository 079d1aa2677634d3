/**
 * The deploy-time parameters of the stack, read from CDK context (cdk.json,
 * or `-c crm:<name>=<value>` on the command line) and validated once, so a
 * typo fails `cdk synth` naming the key instead of deploying a broken night.
 * cdk.json holds every value: it is the one place the defaults live.
 */
import type { Node } from 'constructs';
import { z } from 'zod';
import { parseConfig } from '../functions/core/config/pipeline-config.js';
import { ConfigInvalidError } from '../functions/core/errors.js';

/** Every context key of the stack starts with this prefix. */
const CONTEXT_PREFIX = 'crm:';

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
  2192, 2557, 2922, 3288, 3653,
] as const;

/** Context values typed on the command line arrive as strings. */
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const gibibytes = z.coerce
  .number()
  .min(0.01, 'Athena refuses cutoffs under 10 MB')
  .max(1024 * 1024);

const settingsSchema = z
  .object({
    /** EventBridge Scheduler cron: six fields, e.g. `cron(30 2 * * ? *)`. */
    schedule: z
      .string()
      .regex(/^cron\((\S+ ){5}\S+\)$/, 'must be a six-field cron(...) expression'),
    /** IANA zone of the schedule and of timestamps exported without an offset. */
    timeZone: z.string(),
    /** ISO 4217 code of the money columns. */
    reportingCurrency: z.string(),
    /** Per-query bytes-scanned cutoff of the pipeline workgroup, GiB. */
    etlScanCutoffGiB: gibibytes,
    /** Per-query bytes-scanned cutoff of the BI workgroup, GiB. */
    biScanCutoffGiB: gibibytes,
    /** Where alarms are mailed; empty means the topic has no subscriber yet. */
    alarmEmail: z.union([z.literal(''), z.email()]),
    /** Lambda, state machine and access-log retention. */
    logRetentionDays: z.coerce
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      }),
    /** Athena query results expire after this many days. */
    queryResultRetentionDays: count(1, 3650),
    /** Superseded object versions (previous KPI builds) are kept this long. */
    rollbackRetentionDays: count(1, 3650),
    /** Models of one dependency level that run on Athena at once. */
    modelConcurrency: count(1, 40),
    /** Alarm when no night has succeeded for this many hours. */
    publishSlaHours: count(2, 168),
    /** true: deleting the stack deletes the data buckets and their objects. */
    destroyDataOnDelete: z.union([z.boolean(), z.stringbool()]),
  })
  .strict();

type StackSettings = z.infer<typeof settingsSchema>;

/**
 * Reads every `crm:` context key. The reporting currency and time zone are
 * also checked by the pipeline's own config schema, so the deployed
 * functions can never receive a config the CLI would refuse.
 */
function readSettings(node: Node): StackSettings {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape)) {
    raw[key] = node.tryGetContext(`${CONTEXT_PREFIX}${key}`);
  }
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `${CONTEXT_PREFIX}${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new ConfigInvalidError(`CDK context is invalid: ${problems}`);
  }
  parseConfig(
    { reportingCurrency: result.data.reportingCurrency, timeZone: result.data.timeZone },
    'CDK context',
  );
  return result.data;
}

export { CONTEXT_PREFIX, readSettings };
export type { StackSettings };
