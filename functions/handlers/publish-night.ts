/**
 * Step 5 of a night: moves every published name to this run in one Glue
 * write (aws/glue-publish.ts), after checking the run passed its gates,
 * then drops runs older than ROLLBACK_RETENTION_DAYS (never the published
 * run or the one before it). Invoked with an older, still-kept run id, it
 * rolls back. Event: {runId, asOf}.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { glueClient, s3Client } from '../core/aws/clients.js';
import { instrumented, logger, metrics, parseEvent } from '../core/aws/lambda-kit.js';
import { publishNight } from '../core/aws/night-publish.js';
import { modelsOnce } from '../core/aws/run-context.js';
import { isoDateSchema, runIdSchema } from '../core/aws/run-layout.js';
import { readRunManifest } from '../core/aws/run-manifest.js';
import {
  catalogSetting,
  rawBucketSetting,
  retentionDaysSetting,
  sqlDirSetting,
} from '../core/aws/settings.js';

const settings = {
  rawBucket: rawBucketSetting(),
  catalog: catalogSetting(),
  sqlDir: sqlDirSetting(),
  retentionDays: retentionDaysSetting(),
};
const eventSchema = z.object({ runId: runIdSchema, asOf: isoDateSchema }).strict();

/** {runId, asOf} -> {runId, previousRunId, published, droppedRuns, retentionError?} */
const handler = async (event: unknown) => {
  const { runId, asOf } = parseEvent(eventSchema, event, 'publish-night');
  return instrumented('publish-night', { runId }, async () => {
    const s3 = s3Client();
    const manifest = await readRunManifest(s3, settings.rawBucket, runId, asOf);
    const outcome = await publishNight(
      { glue: glueClient(), s3, catalog: settings.catalog },
      {
        runId,
        asOf,
        currency: manifest.config.reportingCurrency,
        models: await modelsOnce(settings.sqlDir),
        rawBucket: settings.rawBucket,
        retentionDays: settings.retentionDays,
        now: new Date(),
      },
    );
    metrics.addMetric('TablesPublished', MetricUnit.Count, outcome.published.length);
    metrics.addMetric('NightPublished', MetricUnit.Count, 1);
    metrics.addMetric('RunsDropped', MetricUnit.Count, outcome.droppedRuns.length);
    if (outcome.retentionError) {
      metrics.addMetric('RetentionFailures', MetricUnit.Count, 1);
      logger.warn('published, but dropping expired runs failed', { error: outcome.retentionError });
    }
    logger.info('published', { previousRunId: outcome.previousRunId, tables: outcome.published.length });
    return outcome;
  });
};

export { handler };
