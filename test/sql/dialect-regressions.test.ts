/**
 * The dialect differences this project depends on, run on real DuckDB:
 * the DuckDB expansion of each macro must give the answer Trino/Athena gives.
 * A few "trap" rows also pin the raw DuckDB behaviour that makes the macro
 * necessary, so a DuckDB upgrade that changes it is noticed.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate } from '../../functions/core/sql/macros.js';
import { describeMacroCases, MACRO_CASE_VARS } from './macro-cases.js';

let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
});

afterAll(() => {
  db.closeSync();
  instance.closeSync();
});

const render = (template: string): string =>
  renderTemplate(template, {
    dialect: 'duckdb',
    resolveRef: (n) => n,
    resolveSource: (e) => e,
    vars: MACRO_CASE_VARS,
  });

/** The expression's value as text (NULL as null) and its DuckDB type. */
async function evaluate(template: string): Promise<{ value: string | null; type: string }> {
  const expr = render(template);
  const reader = await db.runAndReadAll(
    `SELECT CAST(${expr} AS VARCHAR) AS value, typeof(${expr}) AS type`,
  );
  const [row] = reader.getRowObjectsJS();
  return { value: (row?.['value'] ?? null) as string | null, type: String(row?.['type']) };
}

describeMacroCases('', evaluate);

describe('traps: the raw DuckDB behaviour the macros exist for', () => {
  it('DuckDB date_diff counts boundaries (1, where Trino says 0)', async () => {
    expect(await evaluate("date_diff('month', DATE '2024-01-31', DATE '2024-02-01')")).toMatchObject({ value: '1' });
  });

  it('DuckDB date_trunc on a DATE returns TIMESTAMP', async () => {
    expect(await evaluate("date_trunc('month', DATE '2024-02-15')")).toMatchObject({ type: 'TIMESTAMP' });
  });

  it('DuckDB `/` is DOUBLE where Trino truncates integers', async () => {
    expect(await evaluate('7 / 2')).toEqual({ value: '3.5', type: 'DOUBLE' });
  });
});

describe('count_true counts like Trino count_if', () => {
  it('gives a BIGINT 0, not NULL, when every input is NULL', async () => {
    const counted = async (template: string) => {
      const reader = await db.runAndReadAll(
        `SELECT CAST(${render(template)} AS VARCHAR) AS n, typeof(${render(template)}) AS t
         FROM (VALUES (NULL::INTEGER), (NULL::INTEGER)) AS v(x)`,
      );
      return reader.getRowObjectsJS()[0];
    };
    expect(await counted('{{ count_true(x > 0) }}')).toEqual({ n: '0', t: 'BIGINT' });
    // trap: DuckDB's own count_if is NULL (Trino's is 0) and HUGEINT
    expect(await counted('count_if(x > 0)')).toEqual({ n: null, t: 'HUGEINT' });
  });
});

describe('exact_sum does not depend on the order it adds in', () => {
  it('gives the same DECIMAL whichever way 0.1 + 0.2 + 0.3 is ordered', async () => {
    const sumInOrder = async (order: 'ASC' | 'DESC', template: string): Promise<string> => {
      const reader = await db.runAndReadAll(
        `SELECT CAST(${render(template)} AS VARCHAR) AS s
         FROM (SELECT x FROM (VALUES (0.1::DOUBLE), (0.2::DOUBLE), (0.3::DOUBLE)) AS v(x) ORDER BY x ${order})`,
      );
      return String(reader.getRowObjectsJS()[0]?.s);
    };
    expect(await sumInOrder('ASC', '{{ exact_sum(x) }}')).toBe('0.600000000');
    expect(await sumInOrder('DESC', '{{ exact_sum(x) }}')).toBe('0.600000000');
    // trap: the DOUBLE sum moves with the order (0.6000000000000001 vs 0.6)
    expect(await sumInOrder('ASC', 'sum(x)')).not.toBe(await sumInOrder('DESC', 'sum(x)'));
  });
});

describe("grouping() marks the rolled-up rows as Trino's does", () => {
  it("is 1 for a column left out of the row's grouping set, 0 where it is grouped", async () => {
    // The 'all' rows of the KPI tables are the (month) grouping set's rows:
    // Trino documents grouping(col) as 1 when col is not in the grouping.
    const reader = await db.runAndReadAll(
      `SELECT CASE WHEN grouping(channel) = 1 THEN 'all' ELSE channel END AS channel,
              month, grouping(channel) AS rolled_up, CAST(sum(n) AS INTEGER) AS n
       FROM (VALUES (1, 'ads', 2), (1, 'web', 3), (2, 'web', 4)) AS t(month, channel, n)
       GROUP BY GROUPING SETS ((month, channel), (month))
       ORDER BY month, rolled_up, channel`,
    );
    expect(reader.getRowObjectsJS()).toEqual([
      { channel: 'ads', month: 1, rolled_up: 0n, n: 2 },
      { channel: 'web', month: 1, rolled_up: 0n, n: 3 },
      { channel: 'all', month: 1, rolled_up: 1n, n: 5 },
      { channel: 'web', month: 2, rolled_up: 0n, n: 4 },
      { channel: 'all', month: 2, rolled_up: 1n, n: 4 },
    ]);
  });
});

describe('is_middle_row gives the exact median', () => {
  // Groups of 1, 2, 4 and 5 values, out of order: the medians are 7, the
  // mean of 1 and 3 = 2, of 2 and 4 = 3, and 4.
  it.each([
    ['one value', [7], 7],
    ['two values', [3, 1], 2],
    ['an even count', [10, 1, 4, 2], 3],
    ['an odd count', [9, 4, 1, 4, 100], 4],
  ])('%s', async (_, values, median) => {
    const reader = await db.runAndReadAll(
      `SELECT avg(CAST(x AS DOUBLE)) AS m FROM (
         SELECT x, row_number() OVER (ORDER BY x) AS position, count(*) OVER () AS n
         FROM (VALUES ${values.map((v) => `(${v})`).join(', ')}) AS v(x))
       WHERE ${render('{{ is_middle_row(position, n) }}')}`,
    );
    expect(reader.getRowObjectsJS()).toEqual([{ m: median }]);
  });
});

describe('local_date on DuckDB', () => {
  // 03:00 UTC on 1 February is 22:00 on 31 January in New York; 23:30 UTC on
  // 31 March is 01:30 on 1 April in Paris (summer time). The session zone
  // (Tokyo here) must not matter.
  it.each([
    ['America/New_York', "TIMESTAMP '2025-02-01 03:00:00'", '2025-01-31'],
    ['Europe/Paris', "TIMESTAMP '2025-03-31 23:30:00'", '2025-04-01'],
    ['UTC', "TIMESTAMP '2025-03-31 23:30:00'", '2025-03-31'],
  ])('%s: %s', async (zone, timestamp, day) => {
    const expr = renderTemplate(`{{ local_date(${timestamp}) }}`, {
      dialect: 'duckdb',
      resolveRef: (n) => n,
      resolveSource: (e) => e,
      vars: { time_zone: { kind: 'zone', value: zone } },
    });
    await db.run("SET TimeZone = 'Asia/Tokyo'");
    try {
      const reader = await db.runAndReadAll(`SELECT CAST(${expr} AS VARCHAR) AS d`);
      expect(reader.getRowObjectsJS()).toEqual([{ d: day }]);
    } finally {
      await db.run("SET TimeZone = 'UTC'");
    }
  });
});

describe('var renders typed literals', () => {
  it('as_of is a DATE and integers are INTEGER', async () => {
    expect(await evaluate("{{ var('as_of') }}")).toEqual({ value: '2024-02-29', type: 'DATE' });
    expect(await evaluate("{{ var('horizon_months') }}")).toEqual({ value: '1', type: 'INTEGER' });
  });
});
