/**
 * Step 2 of a night: the targets to build (landed tables, run logs, every
 * model of sql/), grouped by dependency level. The state machine builds
 * the levels in order and the targets of a level in parallel.
 * Event: {runId, asOf}.
 */
import { z } from 'zod';
import { s3Client } from '../core/aws/clients.js';
import { instrumented, logger, parseEvent } from '../core/aws/lambda-kit.js';
import { loadRun } from '../core/aws/run-context.js';
import { isoDateSchema, runIdSchema } from '../core/aws/run-layout.js';
import { catalogSetting, rawBucketSetting, sqlDirSetting } from '../core/aws/settings.js';
import { planLevels } from '../core/plan/targets.js';

const settings = { rawBucket: rawBucketSetting(), catalog: catalogSetting(), sqlDir: sqlDirSetting() };
const eventSchema = z.object({ runId: runIdSchema, asOf: isoDateSchema }).strict();

/** {runId, asOf} -> {runId, asOf, levels: {models: string[]}[]} */
const handler = async (event: unknown) => {
  const { runId, asOf } = parseEvent(eventSchema, event, 'plan-night');
  return instrumented('plan-night', { runId }, async () => {
    const run = await loadRun(s3Client(), settings, runId, asOf);
    const levels = planLevels(run.models);
    logger.info('night planned', { levels: levels.length, targets: levels.flatMap((l) => l.models).length });
    return { runId, asOf, levels };
  });
};

export { handler };
