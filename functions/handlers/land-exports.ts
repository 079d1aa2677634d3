/**
 * Step 1 of a night: makes the personal-data key available to the landing
 * queries, then finds and classifies the night's export files in the raw
 * bucket and claims the run (its manifest, which also records the run
 * published now: the row-count gate's baseline). Takes seconds whatever the
 * data size: rows are validated later, by Athena, as the `landed_*` targets.
 * Event: {exportDate?: 'YYYY-MM-DD', force?: boolean} (default: the latest
 * export present; force publishes despite a row-count drop).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { glueClient, s3Client, secretsClient } from '../core/aws/clients.js';
import { baselineRunId } from '../core/aws/glue-publish.js';
import { instrumented, logger, metrics, parseEvent } from '../core/aws/lambda-kit.js';
import { cachedPiiKey } from '../core/aws/pii-key-secret.js';
import { storePiiKey } from '../core/aws/pii-key-table.js';
import { isoDateSchema } from '../core/aws/run-layout.js';
import {
  catalogSetting,
  piiKeySecretSetting,
  pipelineConfigSetting,
  rawBucketSetting,
} from '../core/aws/settings.js';
import { landNight } from '../core/aws/land-night.js';

const settings = {
  rawBucket: rawBucketSetting(),
  catalog: catalogSetting(),
  config: pipelineConfigSetting(),
};
const piiKey = cachedPiiKey(secretsClient, piiKeySecretSetting());
const eventSchema = z.object({ exportDate: isoDateSchema.optional(), force: z.boolean().optional() }).strict();

/** {exportDate?, force?} -> {runId, asOf, files, filesToLand, filesNotLanded, unknownFolders} */
const handler = async (event: unknown) => {
  const input = parseEvent(eventSchema, event, 'land-exports');
  return instrumented('land-exports', { exportDate: input.exportDate ?? 'latest' }, async () => {
    // Before the claim: a night without a usable key claims no run.
    await storePiiKey(s3Client(), settings.catalog.curatedBucket, await piiKey());
    const manifest = await landNight(s3Client(), {
      rawBucket: settings.rawBucket,
      config: settings.config,
      ...input,
      baselineRunId: await baselineRunId(glueClient(), settings.catalog),
      now: new Date(),
    });
    const toLand = manifest.files.filter((f) => f.status === 'ok').length;
    metrics.addMetric('ExportFiles', MetricUnit.Count, manifest.files.length);
    metrics.addMetric('ExportFilesNotLanded', MetricUnit.Count, manifest.files.length - toLand);
    logger.info('run claimed', {
      runId: manifest.runId,
      asOf: manifest.asOf,
      files: manifest.files.length,
      force: manifest.force,
      baselineRunId: manifest.baselineRunId,
    });
    return {
      runId: manifest.runId,
      asOf: manifest.asOf,
      files: manifest.files.length,
      filesToLand: toLand,
      filesNotLanded: manifest.files.length - toLand,
      unknownFolders: manifest.unknownFolders,
    };
  });
};

export { handler };
