/**
 * check-gates' core against moto: the gate rows come back through the real
 * GetQueryResults call (moto serves seeded rows), the verdict and the two
 * Lambda-written run logs land in S3 as publish-night and Athena read them.
 */
import { GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGates } from '../../functions/core/aws/gate-check.js';
import { requirePassedVerdict } from '../../functions/core/aws/gate-verdict.js';
import { readAllRows } from '../../functions/core/aws/athena-results.js';
import { startMoto } from './helpers/moto-server.js';
import type { MotoServer } from './helpers/moto-server.js';

const catalog = { rawDatabase: 'crm_raw', stageDatabase: 'crm_stage', kpiDatabase: 'crm_kpi', curatedBucket: 'gates-curated' };
const RUN = { runId: 'r20261101_abcdef0123_1', asOf: '2026-11-01' };
const POLICY = { maxRejectShare: 0.2, maxRowCountDrop: 0.5, force: false };
const columns = ['gate', 'violations', 'detail', 'rows_accepted', 'rows_rejected', 'rows_missing'].map((name) => ({
  name,
  type: name === 'gate' || name === 'detail' ? 'varchar' : 'bigint',
}));
const NULL = '\u0000';

let moto: MotoServer;

async function gateQuery(rows: string[][]): Promise<string> {
  const { QueryExecutionId } = await moto.athena.send(
    new StartQueryExecutionCommand({
      QueryString: 'SELECT gate, violations, detail, rows_accepted, rows_rejected, rows_missing FROM gates',
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://gates-curated/results/' },
    }),
  );
  await moto.seedAthenaResults([{ columns, rows: [columns.map((c) => c.name), ...rows] }]);
  return QueryExecutionId ?? '';
}

async function text(key: string): Promise<string> {
  const out = await moto.s3.send(new GetObjectCommand({ Bucket: catalog.curatedBucket, Key: key }));
  return (await out.Body?.transformToString()) ?? '';
}

const deps = () => ({
  gateRows: (id: string) => readAllRows((input) => moto.athena.send(new GetQueryResultsCommand(input)), id, true),
  s3: moto.s3,
  catalog,
});

beforeAll(async () => {
  moto = await startMoto();
  await moto.s3.send(new CreateBucketCommand({ Bucket: catalog.curatedBucket }));
});

afterAll(async () => {
  await moto?.stop();
});

describe('Function: checkGates', () => {
  it('fails the night on a gate with violations, and records the logs and the verdict', async () => {
    // Prepare
    const id = await gateQuery([
      ['audit:audit_reconciliation_identity', '0', 'reconciliation identity', NULL, NULL, NULL],
      ['references:stg_orders.customer_id', '1', 'every customer_id is in stg_customers', NULL, NULL, '3'],
      ['row_accounting:orders', '0', 'every landed row is accounted for', '9', '1', NULL],
      ['unique_key:stg_orders', '2', 'key (order_id) unique and not null', NULL, NULL, NULL],
    ]);
    const builds = [{ model: 'stg_orders', queryExecutionId: 'q-7', dataScannedInBytes: 2048, engineExecutionTimeInMillis: 310 }];

    // Act
    const result = await checkGates(deps(), {
      ...RUN,
      gateQueryExecutionId: id,
      builds,
      policy: POLICY,
      files: [],
      now: new Date('2026-11-02T03:00:00Z'),
    });

    // Assess
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([{ gate: 'unique_key:stg_orders', violations: 2, detail: 'key (order_id) unique and not null' }]);
    expect(result.gates.find((g) => g.gate === 'row_accounting:orders')).toMatchObject({ rowsAccepted: 9, rowsRejected: 1 });
    const gateLog = (await text(`runs/${RUN.runId}/pipeline_gate_log/part-0.json`)).trim().split('\n').map((l) => JSON.parse(l));
    expect(gateLog.map((g) => [g.gate, g.severity, g.passed])).toEqual([
      ['audit:audit_reconciliation_identity', 'error', true],
      ['readable_files', 'error', true],
      ['references:stg_orders.customer_id', 'warning', true],
      ['reject_share:orders', 'warning', true],
      ['row_accounting:orders', 'error', true],
      ['unique_key:stg_orders', 'error', false],
      ['unsupported_files', 'warning', true],
    ]);
    expect(gateLog[5]).toEqual({
      gate: 'unique_key:stg_orders',
      severity: 'error',
      violations: 2,
      passed: false,
      detail: 'key (order_id) unique and not null',
      as_of: '2026-11-01',
      run_id: RUN.runId,
    });
    expect(JSON.parse(await text(`runs/${RUN.runId}/pipeline_model_log/part-0.json`))).toEqual({
      model: 'stg_orders',
      query_execution_id: 'q-7',
      data_scanned_bytes: 2048,
      engine_execution_ms: 310,
      as_of: '2026-11-01',
      run_id: RUN.runId,
    });
    await expect(requirePassedVerdict(moto.s3, catalog.curatedBucket, RUN.runId)).rejects.toThrow(
      `run ${RUN.runId} failed its gates, so it cannot be published: unique_key:stg_orders (2)`,
    );
  });

  it('fails a night whose accepted rows dropped against the baseline, and passes it when forced', async () => {
    // Prepare
    const rows = [
      ['row_accounting:orders', '0', 'every landed row is accounted for', '40', '0', NULL],
      ['row_count_drop:orders', '0', 'accepted rows of the previous published night', '100', NULL, NULL],
    ];
    const check = async (force: boolean) =>
      checkGates(deps(), {
        ...RUN,
        gateQueryExecutionId: await gateQuery(rows),
        builds: [],
        policy: { ...POLICY, force },
        files: [],
        now: new Date(),
      });

    // Act
    const strict = await check(false);
    const forced = await check(true);

    // Assess
    expect(strict.passed).toBe(false);
    expect(strict.failures.map((f) => f.gate)).toEqual(['row_count_drop:orders']);
    expect(forced.passed).toBe(true);
    expect(forced.gates.find((g) => g.gate === 'row_count_drop:orders')).toMatchObject({ severity: 'warning', violations: 1 });
    await expect(requirePassedVerdict(moto.s3, catalog.curatedBucket, RUN.runId)).resolves.toMatchObject({ passed: true });
  });

  it('never passes a gate query that returned no rows', async () => {
    // Prepare
    const id = await gateQuery([]);

    // Act
    const result = await checkGates(deps(), { ...RUN, gateQueryExecutionId: id, builds: [], policy: POLICY, files: [], now: new Date() });

    // Assess
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([{ gate: 'gate_query', violations: 1, detail: `query ${id} returned no gate rows` }]);
  });
});
