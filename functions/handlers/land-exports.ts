/**
 * Step 1 of a night: finds and classifies the night's export files in the
 * raw bucket and claims the run (its manifest). Takes seconds whatever the
 * data size: rows are validated later, by Athena, as the `landed_*` targets.
 * Event: {exportDate?: 'YYYY-MM-DD'} (default: the latest export present).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { s3Client } from '../core/aws/clients.js';
import { instrumented, logger, metrics, parseEvent } from '../core/aws/lambda-kit.js';
import { isoDateSchema } from '../core/aws/run-layout.js';
import { pipelineConfigSetting, rawBucketSetting } from '../core/aws/settings.js';
import { landNight } from '../core/landing/athena-land.js';

const settings = { rawBucket: rawBucketSetting(), config: pipelineConfigSetting() };
const eventSchema = z.object({ exportDate: isoDateSchema.optional() }).strict();

/** {exportDate?} -> {runId, asOf, files, filesToLand, filesNotLanded, unknownFolders} */
const handler = async (event: unknown) => {
  const input = parseEvent(eventSchema, event, 'land-exports');
  return instrumented('land-exports', { exportDate: input.exportDate ?? 'latest' }, async () => {
    const manifest = await landNight(s3Client(), { ...settings, ...input, now: new Date() });
    const toLand = manifest.files.filter((f) => f.status === 'ok').length;
    metrics.addMetric('ExportFiles', MetricUnit.Count, manifest.files.length);
    metrics.addMetric('ExportFilesNotLanded', MetricUnit.Count, manifest.files.length - toLand);
    logger.info('run claimed', { runId: manifest.runId, asOf: manifest.asOf, files: manifest.files.length });
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
