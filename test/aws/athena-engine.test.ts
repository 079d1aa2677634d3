/**
 * The Athena engine's conversation with the API, against a scripted fake:
 * start, wait through QUEUED/RUNNING, page results, FAILED with a reason,
 * throttling then success, cancellation and a wait that gives up. No real
 * timers: the sleep only records its delays.
 */
import { describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../functions/core/aws/athena-engine.js';
import type { AthenaEngineOptions } from '../../functions/core/aws/athena-engine.js';
import { ModelFailedError, QueryFailedError } from '../../functions/core/errors.js';
import { awsError, execution, FakeAthena, recordingSleep } from './helpers/fake-athena.js';

function engineOn(fake: FakeAthena, extra: Partial<AthenaEngineOptions> = {}) {
  const { sleep, delays } = recordingSleep();
  let tokens = 0;
  const engine = new AthenaEngine({
    api: fake,
    workGroup: 'crm-etl',
    database: 'crm_stage',
    outputLocation: 's3://results/etl/',
    buildLocation: 's3://curated/tooling/',
    sleep,
    random: () => 0.5,
    newToken: () => `token-${++tokens}`,
    newBuildId: () => 'build-1',
    ...extra,
  });
  return { engine, delays };
}

describe('Function: AthenaEngine.execute', () => {
  it('starts the statement and polls through QUEUED and RUNNING with growing, jittered delays', async () => {
    // Prepare
    const fake = new FakeAthena({
      start: [{ QueryExecutionId: 'q-1' }],
      get: [execution('QUEUED'), execution('RUNNING'), execution('SUCCEEDED', { bytes: 1234 })],
    });
    const seen: number[] = [];
    const { engine, delays } = engineOn(fake, { onQuery: (_label, o) => seen.push(o.dataScannedInBytes) });

    // Act
    await engine.execute('CREATE VIEW v AS SELECT 1 AS a');

    // Assess
    expect(fake.ops()).toBe('start get get get');
    expect(fake.calls[0]?.input).toEqual({
      QueryString: 'CREATE VIEW v AS SELECT 1 AS a',
      ClientRequestToken: 'token-1',
      WorkGroup: 'crm-etl',
      QueryExecutionContext: { Database: 'crm_stage' },
      ResultConfiguration: { OutputLocation: 's3://results/etl/' },
    });
    // Equal jitter with random = 0.5: 0.75 x backoff; backoff 500 then 1000 ms.
    expect(delays).toEqual([375, 750]);
    expect(seen).toEqual([1234]);
  });
});

describe('Function: AthenaEngine.query', () => {
  it('pages through GetQueryResults with NextToken, skips the header row and types the values', async () => {
    // Prepare
    const columns = [
      { Name: 'gate', Type: 'varchar' },
      { Name: 'violations', Type: 'bigint' },
      { Name: 'share', Type: 'double' },
      { Name: 'passed', Type: 'boolean' },
    ];
    const row = (...values: (string | undefined)[]) => ({
      Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
    });
    const fake = new FakeAthena({
      start: [{ QueryExecutionId: 'q-1' }],
      get: [execution('SUCCEEDED')],
      results: [
        {
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns },
            Rows: [row('gate', 'violations', 'share', 'passed'), row('a', '0', '0.5', 'true'), row('b', '12', undefined, 'false')],
          },
          NextToken: 'page-2',
        },
        { ResultSet: { ResultSetMetadata: { ColumnInfo: columns }, Rows: [row('c', '9007199254740993', '1', 'true')] } },
      ],
    });
    const { engine } = engineOn(fake);

    // Act
    const rows = await engine.query('SELECT 1');

    // Assess: the header row of page 1 is skipped, page 2 has none; BIGINT stays a string.
    expect(rows).toEqual([
      { gate: 'a', violations: '0', share: 0.5, passed: true },
      { gate: 'b', violations: '12', share: null, passed: false },
      { gate: 'c', violations: '9007199254740993', share: 1, passed: true },
    ]);
    const pages = fake.calls.filter((c) => c.op === 'results').map((c) => c.input);
    expect(pages).toEqual([
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: undefined },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'page-2' },
    ]);
  });
});

describe('Function: AthenaEngine.materialize', () => {
  it('drops the old catalog entry and CTASes into a fresh folder', async () => {
    // Prepare
    const fake = new FakeAthena({
      start: [{ QueryExecutionId: 'q-drop' }, { QueryExecutionId: 'q-ctas' }],
      get: [execution('SUCCEEDED', { statementType: 'DDL' }), execution('SUCCEEDED')],
    });
    const { engine } = engineOn(fake);

    // Act
    await engine.materialize('crm_stage.kpi_x', 'SELECT 1 AS a');

    // Assess
    const sent = fake.calls.filter((c) => c.op === 'start').map((c) => (c.input as { QueryString: string }).QueryString);
    expect(sent).toEqual([
      'DROP TABLE IF EXISTS crm_stage.kpi_x',
      "CREATE TABLE crm_stage.kpi_x\nWITH (format = 'PARQUET', external_location = " +
        "'s3://curated/tooling/crm_stage/kpi_x/build-1/')\nAS\nSELECT 1 AS a",
    ]);
  });

  it('fails naming the model, the Athena reason and the query id', async () => {
    // Prepare
    const reason = "COLUMN_NOT_FOUND: line 3:8: Column 'amount_usd' cannot be resolved";
    const fake = new FakeAthena({
      start: [{ QueryExecutionId: 'q-drop' }, { QueryExecutionId: 'q-ctas-7' }],
      get: [execution('SUCCEEDED', { statementType: 'DDL' }), execution('RUNNING'), execution('FAILED', { reason })],
    });
    const { engine } = engineOn(fake);

    // Act
    const error = await engine.materialize('crm_stage.kpi_sales_monthly', 'SELECT amount_usd FROM t').catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(ModelFailedError);
    expect(error.message).toBe(
      `model crm_stage.kpi_sales_monthly failed: Athena query q-ctas-7 FAILED: ${reason}`,
    );
    expect(error.cause).toBeInstanceOf(QueryFailedError);
    expect(error.cause).toMatchObject({ queryExecutionId: 'q-ctas-7', state: 'FAILED', reason });
  });

  it('refuses to build without a build location, before any query (an engine that only reads)', async () => {
    // Prepare
    const fake = new FakeAthena({});
    const { engine } = engineOn(fake, { buildLocation: undefined });

    // Act
    const error = await engine.materialize('crm_stage.kpi_x', 'SELECT 1 AS a').catch((e) => e);

    // Assess
    expect(error.message).toBe('this AthenaEngine has no build location: it cannot build crm_stage.kpi_x');
    expect(fake.calls).toEqual([]);
  });
});

describe('Function: AthenaQueryRunner retries', () => {
  it('retries a throttled start with full-jitter backoff and the same request token', async () => {
    // Prepare
    const fake = new FakeAthena({
      start: [awsError('TooManyRequestsException', 400), awsError('TooManyRequestsException', 400), { QueryExecutionId: 'q-1' }],
      get: [awsError('ThrottlingException', 400), execution('SUCCEEDED')],
    });
    const { engine, delays } = engineOn(fake);

    // Act
    await engine.execute('SELECT 1');

    // Assess: full jitter with random = 0.5 is half the backoff: 200 ms x 2^(attempt-1) / 2.
    expect(fake.ops()).toBe('start start start get get');
    expect(delays).toEqual([100, 200, 100]);
    const tokens = fake.calls.filter((c) => c.op === 'start').map((c) => (c.input as { ClientRequestToken: string }).ClientRequestToken);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
  });

  it('gives up after maxAttempts throttled calls and rethrows the last error', async () => {
    // Prepare
    const throttled = () => awsError('TooManyRequestsException', 400);
    const fake = new FakeAthena({ start: [throttled(), throttled(), throttled()] });
    const { engine, delays } = engineOn(fake, { maxAttempts: 3 });

    // Act
    const error = await engine.execute('SELECT 1').catch((e) => e);

    // Assess
    expect(error.name).toBe('TooManyRequestsException');
    expect(fake.ops()).toBe('start start start');
    expect(delays).toEqual([100, 200]);
  });

  it('does not retry an invalid request', async () => {
    // Prepare
    const fake = new FakeAthena({ start: [awsError('InvalidRequestException', 400)] });
    const { engine, delays } = engineOn(fake);

    // Act
    const error = await engine.execute('SELEC 1').catch((e) => e);

    // Assess
    expect(error.name).toBe('InvalidRequestException');
    expect(fake.ops()).toBe('start');
    expect(delays).toEqual([]);
  });
});

describe('Function: AthenaQueryRunner cancellation', () => {
  it('stops the running query when the engine is closed while waiting', async () => {
    // Prepare
    const fake = new FakeAthena({
      start: [{ QueryExecutionId: 'q-long' }],
      get: [execution('RUNNING'), execution('RUNNING')],
    });
    let engine: AthenaEngine | undefined;
    const made = engineOn(fake, {
      sleep: async () => {
        await engine?.close();
      },
    });
    engine = made.engine;

    // Act
    const error = await engine.execute('SELECT slow()').catch((e) => e);

    // Assess
    expect(fake.ops()).toBe('start get get stop');
    expect(fake.calls.at(-1)?.input).toEqual({ QueryExecutionId: 'q-long' });
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(error.message).toBe('statement: Athena query q-long CANCELLED: cancelled by the caller');
  });

  it('starts nothing once closed', async () => {
    // Prepare
    const fake = new FakeAthena({});
    const { engine } = engineOn(fake);
    await engine.close();

    // Act
    const error = await engine.execute('SELECT 1').catch((e) => e);

    // Assess
    expect(fake.ops()).toBe('');
    expect(error).toMatchObject({ state: 'CANCELLED' });
  });

  it('stops a query still running after maxWaitMs of waiting', async () => {
    // Prepare
    const fake = new FakeAthena({
      start: [{ QueryExecutionId: 'q-stuck' }],
      get: [execution('RUNNING'), execution('RUNNING'), execution('RUNNING')],
    });
    const { engine, delays } = engineOn(fake, { maxWaitMs: 1000 });

    // Act
    const error = await engine.execute('SELECT 1').catch((e) => e);

    // Assess: waited 375 then 375 + 750 = 1125 ms >= 1000 at the third poll.
    expect(delays).toEqual([375, 750]);
    expect(fake.ops()).toBe('start get get get stop');
    expect(error.message).toBe('statement: Athena query q-stuck CANCELLED: still RUNNING after 1000 ms of waiting');
  });

  it('reports a query cancelled by someone else with its reason', async () => {
    // Prepare
    const fake = new FakeAthena({
      start: [{ QueryExecutionId: 'q-9' }],
      get: [execution('CANCELLED', { reason: 'Query exhausted resources at this scale factor' })],
    });
    const { engine } = engineOn(fake);

    // Act
    const error = await engine.execute('SELECT 1').catch((e) => e);

    // Assess
    expect(error.message).toBe(
      'statement: Athena query q-9 CANCELLED: Query exhausted resources at this scale factor',
    );
  });
});
