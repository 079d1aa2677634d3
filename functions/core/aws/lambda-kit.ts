/**
 * What every handler shares: one Powertools logger and metrics instance per
 * container (service `crm-kpi-warehouse`, namespace `CrmKpi`, the names the
 * alarms use; POWERTOOLS_LOG_LEVEL sets the level), and event validation
 * that names the field the state machine got wrong. Handlers log ids and
 * counts, never rows.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { z } from 'zod';
import { EventInvalidError } from '../errors.js';

const logger = new Logger({ serviceName: 'crm-kpi-warehouse' });
const metrics = new Metrics({ namespace: 'CrmKpi', serviceName: 'crm-kpi-warehouse' });

/** The validated event; throws EventInvalidError listing every problem. */
function parseEvent<T extends z.ZodType>(schema: T, event: unknown, handler: string): z.output<T> {
  const result = schema.safeParse(event ?? {});
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`)
      .join('; ');
    throw new EventInvalidError(`${handler}: the event is invalid: ${problems}`);
  }
  return result.data;
}

/**
 * Runs a handler body with the run's ids on every log line, logs a failure
 * with its cause chain, and flushes the metrics whatever happens.
 */
async function instrumented<T>(
  handler: string,
  keys: Record<string, string>,
  body: () => Promise<T>,
): Promise<T> {
  logger.appendKeys({ handler, ...keys });
  try {
    return await body();
  } catch (error) {
    logger.error(`${handler} failed`, error as Error);
    throw error;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    logger.removeKeys(['handler', ...Object.keys(keys)]);
  }
}

export { instrumented, logger, metrics, parseEvent };
