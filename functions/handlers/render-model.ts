/**
 * Step 3 of a night, once per target: the one Athena statement that builds
 * it (a CTAS into the run's table and S3 folder), or, for the target
 * `quality_gates`, the night's gate query. Step Functions runs the
 * statement and waits for it; this function only renders (reading from
 * Glue the columns of built tables, for the one target rendered from
 * them: pipeline_restatements).
 * Event: {runId, asOf, model}.
 */
import { z } from 'zod';
import { glueClient, s3Client } from '../core/aws/clients.js';
import { instrumented, logger, parseEvent } from '../core/aws/lambda-kit.js';
import { loadRun } from '../core/aws/run-context.js';
import { GATES_TARGET, isoDateSchema, runIdSchema, targetNameSchema } from '../core/aws/run-layout.js';
import { catalogSetting, rawBucketSetting, sqlDirSetting } from '../core/aws/settings.js';
import { readStageColumns } from '../core/aws/stage-columns.js';
import { renderGateQuery } from '../core/plan/gates.js';
import { describedTables, renderTargetQuery } from '../core/plan/targets.js';
import type { AthenaRun } from '../core/plan/targets.js';

const settings = { rawBucket: rawBucketSetting(), catalog: catalogSetting(), sqlDir: sqlDirSetting() };
const eventSchema = z.object({ runId: runIdSchema, asOf: isoDateSchema, model: targetNameSchema }).strict();

/** A target's CTAS, after reading the columns of the tables it is rendered from (usually none). */
async function renderTarget(run: AthenaRun, model: string): Promise<string> {
  const tables = describedTables(run, model);
  const columns = await readStageColumns(glueClient(), tables);
  return renderTargetQuery(run, model, columns);
}

/** {runId, asOf, model} -> {runId, asOf, model, queryString} */
const handler = async (event: unknown) => {
  const { runId, asOf, model } = parseEvent(eventSchema, event, 'render-model');
  return instrumented('render-model', { runId, model }, async () => {
    const run = await loadRun(s3Client(), settings, runId, asOf);
    const queryString = model === GATES_TARGET ? renderGateQuery(run) : await renderTarget(run, model);
    logger.info('rendered', { bytes: Buffer.byteLength(queryString) });
    return { runId, asOf, model, queryString };
  });
};

export { handler };
