/**
 * Step 6 of a night, after publishing: writes the monthly report of the
 * published KPI tables to the curated bucket (`report/<YYYY-MM>/<table>.csv`,
 * `report/<YYYY-MM>.html`, then `report/latest.html`), with the run's
 * currency and CAC rule from its manifest. It reads the published names
 * through the pipeline workgroup: nine small queries it waits on itself
 * (aws/night-report.ts). A failure leaves the night published.
 * Event: {runId, asOf}.
 */
import { z } from 'zod';
import { athenaApi } from '../core/aws/athena-api.js';
import { athenaClient, s3Client } from '../core/aws/clients.js';
import { instrumented, logger, parseEvent } from '../core/aws/lambda-kit.js';
import { writeNightReport } from '../core/aws/night-report.js';
import { isoDateSchema, runIdSchema } from '../core/aws/run-layout.js';
import { readRunManifest } from '../core/aws/run-manifest.js';
import { catalogSetting, rawBucketSetting, workGroupSetting } from '../core/aws/settings.js';

const settings = { rawBucket: rawBucketSetting(), catalog: catalogSetting(), workGroup: workGroupSetting() };
const eventSchema = z.object({ runId: runIdSchema, asOf: isoDateSchema }).strict();

/** {runId, asOf} -> {status: 'written', runId, month, keys} | {status: 'skipped', runId, reason} */
const handler = async (event: unknown) => {
  const { runId, asOf } = parseEvent(eventSchema, event, 'render-report');
  return instrumented('render-report', { runId }, async () => {
    const s3 = s3Client();
    const { config } = await readRunManifest(s3, settings.rawBucket, runId, asOf);
    const outcome = await writeNightReport(
      { athena: athenaApi(athenaClient()), s3, catalog: settings.catalog, workGroup: settings.workGroup },
      { runId, options: { currency: config.reportingCurrency, cacToClvMaxRatio: config.cacToClvMaxRatio } },
    );
    if (outcome.status === 'written') logger.info('report written', { month: outcome.month, objects: outcome.keys.length });
    else logger.info('no report written', { reason: outcome.reason });
    return outcome;
  });
};

export { handler };
