/**
 * The rows of sql-dialect.md §1 this project depends on, run on real DuckDB:
 * the DuckDB expansion of each macro must give the answer Trino/Athena gives.
 * A few "trap" rows also pin the raw DuckDB behaviour that makes the macro
 * necessary, so a DuckDB upgrade that changes it is noticed.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../functions/core/sql/macros.js';

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
    vars: {
      as_of: { kind: 'date', value: '2024-02-29' },
      horizon_months: { kind: 'integer', value: 1 },
    },
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

describe('complete_units matches Trino date_diff (complete units)', () => {
  it.each([
    ['month', "DATE '2024-01-31'", "DATE '2024-02-01'", '0'],
    ['month', "DATE '2024-01-31'", "DATE '2024-02-29'", '1'],
    ['month', "DATE '2024-01-15'", "DATE '2024-03-14'", '1'],
    ['month', "DATE '2024-03-14'", "DATE '2024-01-15'", '-1'],
    ['year', "DATE '2023-12-31'", "DATE '2024-01-01'", '0'],
    ['year', "DATE '2024-02-29'", "DATE '2025-02-28'", '1'],
    ['quarter', "DATE '2024-01-31'", "DATE '2024-04-30'", '1'],
    ['quarter', "DATE '2024-01-31'", "DATE '2024-04-29'", '0'],
    ['day', "TIMESTAMP '2024-01-01 23:00:00'", "TIMESTAMP '2024-01-02 01:00:00'", '0'],
    ['week', "DATE '2024-01-07'", "DATE '2024-01-08'", '0'],
    ['week', "DATE '2024-01-07'", "DATE '2024-01-14'", '1'],
  ])("complete_units('%s', %s, %s) = %s", async (unit, a, b, expected) => {
    expect(await evaluate(`{{ complete_units('${unit}', ${a}, ${b}) }}`)).toEqual({ value: expected, type: 'BIGINT' });
  });

  it("trap: DuckDB date_diff counts boundaries (1, where Trino says 0)", async () => {
    expect(await evaluate("date_diff('month', DATE '2024-01-31', DATE '2024-02-01')")).toMatchObject({ value: '1' });
  });
});

describe('month_index counts calendar-month boundaries', () => {
  it.each([
    ["DATE '2024-01-31'", "DATE '2024-02-01'", '1'],
    ["DATE '2023-12-15'", "DATE '2024-01-01'", '1'],
    ["DATE '2024-03-01'", "DATE '2024-01-31'", '-2'],
    ["TIMESTAMP '2024-01-01 00:00:00'", "DATE '2024-01-31'", '0'],
  ])('month_index(%s, %s) = %s', async (a, b, expected) => {
    expect((await evaluate(`{{ month_index(${a}, ${b}) }}`)).value).toBe(expected);
  });
});

describe('period_number numbers months, quarters and years by their first month', () => {
  it.each([
    // 2024 * 12 = 24288
    ["'month'", "DATE '2024-05-31'", '24293'],
    ["'quarter'", "DATE '2024-05-31'", '24292'],
    ["'year'", "DATE '2024-05-31'", '24289'],
    ["'quarter'", "DATE '2024-12-31'", '24298'],
  ])('period_number(%s, %s) = %s', async (type, date, expected) => {
    expect((await evaluate(`{{ period_number(${type}, ${date}) }}`)).value).toBe(expected);
  });
});

describe('reached_month: the first month by whose end a date has come (as_of 2024-02-29)', () => {
  it.each([
    ["DATE '2024-01-31'", '2024-01-01'],
    // the export date itself ends the current month
    ["DATE '2024-02-29'", '2024-02-01'],
    // after the export date: not by the end of its own month, so the next
    ["DATE '2024-03-01'", '2024-04-01'],
  ])('reached_month(%s) = DATE %s', async (date, expected) => {
    expect(await evaluate(`{{ reached_month(${date}) }}`)).toEqual({ value: expected, type: 'DATE' });
  });

  it('is NULL for a NULL date', async () => {
    expect((await evaluate('{{ reached_month(CAST(NULL AS DATE)) }}')).value).toBeNull();
  });
});

describe('period starts are DATEs', () => {
  it.each([
    ["{{ month_start(DATE '2024-02-15') }}", '2024-02-01'],
    ["{{ month_start(TIMESTAMP '2024-02-15 13:45:00') }}", '2024-02-01'],
    ["{{ quarter_start(DATE '2024-05-15') }}", '2024-04-01'],
    ["{{ year_start(DATE '2024-05-15') }}", '2024-01-01'],
  ])('%s = DATE %s', async (template, expected) => {
    expect(await evaluate(template)).toEqual({ value: expected, type: 'DATE' });
  });

  it('trap: DuckDB date_trunc on a DATE returns TIMESTAMP', async () => {
    expect(await evaluate("date_trunc('month', DATE '2024-02-15')")).toMatchObject({ type: 'TIMESTAMP' });
  });
});

describe('add_months / add_days return DATEs and clamp month ends like Trino', () => {
  it.each([
    ["{{ add_months(DATE '2024-01-31', 1) }}", '2024-02-29'],
    ["{{ add_months(DATE '2023-01-31', 1) }}", '2023-02-28'],
    ["{{ add_months(DATE '2024-03-31', -1) }}", '2024-02-29'],
    ["{{ add_months(DATE '2024-01-31', CAST(13 AS BIGINT)) }}", '2025-02-28'],
    ["{{ add_months(DATE '2024-01-31', {{ var('horizon_months') }}) }}", '2024-02-29'],
    ["{{ add_months(DATE '2024-01-31', 1 + 1) }}", '2024-03-31'],
    ["{{ add_days(DATE '2024-02-28', 1) }}", '2024-02-29'],
    ["{{ add_days({{ var('as_of') }}, -60) }}", '2023-12-31'],
  ])('%s = DATE %s', async (template, expected) => {
    expect(await evaluate(template)).toEqual({ value: expected, type: 'DATE' });
  });
});

describe('days_between compares calendar dates', () => {
  it.each([
    ["TIMESTAMP '2024-01-01 23:00:00'", "TIMESTAMP '2024-01-02 01:00:00'", '1'],
    ["DATE '2024-01-31'", "DATE '2024-03-01'", '30'],
    ["DATE '2024-03-01'", "DATE '2024-01-31'", '-30'],
  ])('days_between(%s, %s) = %s', async (a, b, expected) => {
    expect(await evaluate(`{{ days_between(${a}, ${b}) }}`)).toEqual({ value: expected, type: 'BIGINT' });
  });
});

describe('safe_div is DOUBLE division with NULL for zero', () => {
  it.each([
    ['7', '2', '3.5'],
    ['-7', '2', '-3.5'],
    ['1', '0', null],
    ['CAST(1.00 AS DECIMAL(10,2))', '3', String(1 / 3)],
    ['0', '0', null],
    ['NULL', '2', null],
  ])('safe_div(%s, %s) = %s', async (n, d, expected) => {
    expect(await evaluate(`{{ safe_div(${n}, ${d}) }}`)).toEqual({ value: expected, type: 'DOUBLE' });
  });

  it('trap: DuckDB `/` is DOUBLE where Trino truncates integers', async () => {
    expect(await evaluate('7 / 2')).toEqual({ value: '3.5', type: 'DOUBLE' });
  });
});

describe('hours_between is exact fractional hours as DOUBLE', () => {
  it.each([
    ["TIMESTAMP '2024-01-01 23:00:00'", "TIMESTAMP '2024-01-02 01:30:00'", 2.5],
    ["TIMESTAMP '2024-01-02 01:30:00'", "TIMESTAMP '2024-01-01 23:00:00'", -2.5],
    ["TIMESTAMP '2024-02-28 12:00:00'", "TIMESTAMP '2024-03-01 12:00:00'", 48],
    ["TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP '2024-01-01 00:00:00.500'", 0.5 / 3600],
    ["DATE '2024-01-01'", "TIMESTAMP '2024-01-01 06:00:00'", 6],
  ])('hours_between(%s, %s) = %s', async (a, b, expected) => {
    const { value, type } = await evaluate(`{{ hours_between(${a}, ${b}) }}`);
    expect(type).toBe('DOUBLE');
    expect(Number(value)).toBeCloseTo(expected, 12);
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
