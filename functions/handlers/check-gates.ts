/**
 * Step 4 of a night: reads the gate query's result (paging through
 * GetQueryResults), judges it with the run's thresholds and force flag
 * (from its manifest), records the verdict with the run's gate and model
 * logs. Emits rows landed / rejected per entity and bytes scanned per
 * model. Event: {runId, asOf, gateQueryExecutionId, builds}, builds being
 * the per-level lists of {model, queryExecutionId, dataScannedInBytes,
 * engineExecutionTimeInMillis} the build map returns.
 */
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { athenaClient, s3Client } from '../core/aws/clients.js';
import { checkGates } from '../core/aws/gate-check.js';
import { readAllRows } from '../core/aws/athena-results.js';
import { instrumented, logger, metrics, parseEvent } from '../core/aws/lambda-kit.js';
import { isoDateSchema, runIdSchema, targetNameSchema } from '../core/aws/run-layout.js';
import { fileGateInputs, readRunManifest } from '../core/aws/run-manifest.js';
import { catalogSetting, rawBucketSetting } from '../core/aws/settings.js';

const settings = { rawBucket: rawBucketSetting(), catalog: catalogSetting() };
const build = z.object({
  model: targetNameSchema,
  queryExecutionId: z.string().min(1),
  dataScannedInBytes: z.number().int().min(0).default(0),
  engineExecutionTimeInMillis: z.number().int().min(0).default(0),
});
const eventSchema = z.object({
  runId: runIdSchema,
  asOf: isoDateSchema,
  gateQueryExecutionId: z.string().min(1),
  builds: z.array(z.union([build, z.array(build)])).transform((b) => b.flat()),
  /** The land step's output, passed along by the state machine; not needed here. */
  landing: z.unknown().optional(),
});

/** {runId, asOf, gateQueryExecutionId, builds} -> {runId, asOf, passed, failures} */
const handler = async (event: unknown) => {
  const input = parseEvent(eventSchema, event, 'check-gates');
  return instrumented('check-gates', { runId: input.runId }, async () => {
    const athena = athenaClient();
    const manifest = await readRunManifest(s3Client(), settings.rawBucket, input.runId, input.asOf);
    const { maxRejectShare, maxRowCountDrop } = manifest.config;
    const result = await checkGates(
      {
        gateRows: (id) => readAllRows((request) => athena.send(new GetQueryResultsCommand(request)), id, true),
        s3: s3Client(),
        catalog: settings.catalog,
      },
      {
        ...input,
        policy: { maxRejectShare, maxRowCountDrop, force: manifest.force },
        files: fileGateInputs(manifest),
        now: new Date(),
      },
    );
    for (const gate of result.gates) {
      const entity = /^row_accounting:(.+)$/.exec(gate.gate)?.[1];
      if (!entity) continue;
      const perEntity = metrics.singleMetric();
      perEntity.addDimension('entity', entity);
      perEntity.addMetric('RowsLanded', MetricUnit.Count, gate.rowsAccepted ?? 0);
      perEntity.addMetric('RowsRejected', MetricUnit.Count, gate.rowsRejected ?? 0);
    }
    for (const b of input.builds) {
      const perModel = metrics.singleMetric();
      perModel.addDimension('model', b.model);
      perModel.addMetric('BytesScanned', MetricUnit.Bytes, b.dataScannedInBytes);
    }
    metrics.addMetric('GatesFailed', MetricUnit.Count, result.failures.length);
    logger.info('gates checked', { passed: result.passed, gates: result.gates.length, failures: result.failures });
    return { runId: input.runId, asOf: input.asOf, passed: result.passed, failures: result.failures };
  });
};

export { handler };
