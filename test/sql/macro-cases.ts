/**
 * The scalar macros with the answers Trino/Athena give
 * (read from Trino's documentation, and observed on Trino 476 by
 * test/trino/macros-on-trino.test.ts). test/sql/dialect-regressions
 * checks the DuckDB expansion of each against the same answers.
 * `value` is the result cast to VARCHAR (null for NULL); `type` the SQL
 * type; `close`: a DOUBLE compared to 12 decimals.
 */
import { describe, expect, it } from 'vitest';
interface MacroCase {
  readonly group: string;
  readonly template: string;
  readonly value: string | null;
  readonly type?: 'BIGINT' | 'DATE' | 'DOUBLE' | 'DECIMAL(18,2)';
  readonly close?: boolean;
}

/** Every case of a group as `{{ <macro>(<args>) }}`. */
const calls = (
  group: string,
  macro: string,
  type: MacroCase['type'],
  rows: readonly (readonly [string, string | null])[],
): MacroCase[] => rows.map(([args, value]) => ({ group, template: `{{ ${macro}(${args}) }}`, value, type }));

const MACRO_CASES: readonly MacroCase[] = [
  ...calls('complete_units matches Trino date_diff (complete units)', 'complete_units', 'BIGINT', [
    ["'month', DATE '2024-01-31', DATE '2024-02-01'", '0'],
    ["'month', DATE '2024-01-31', DATE '2024-02-29'", '1'],
    ["'month', DATE '2024-01-15', DATE '2024-03-14'", '1'],
    ["'month', DATE '2024-03-14', DATE '2024-01-15'", '-1'],
    ["'year', DATE '2023-12-31', DATE '2024-01-01'", '0'],
    ["'year', DATE '2024-02-29', DATE '2025-02-28'", '1'],
    ["'quarter', DATE '2024-01-31', DATE '2024-04-30'", '1'],
    ["'quarter', DATE '2024-01-31', DATE '2024-04-29'", '0'],
    ["'day', TIMESTAMP '2024-01-01 23:00:00', TIMESTAMP '2024-01-02 01:00:00'", '0'],
    ["'week', DATE '2024-01-07', DATE '2024-01-08'", '0'],
    ["'week', DATE '2024-01-07', DATE '2024-01-14'", '1'],
  ]),
  ...calls('month_index counts calendar-month boundaries', 'month_index', undefined, [
    ["DATE '2024-01-31', DATE '2024-02-01'", '1'],
    ["DATE '2023-12-15', DATE '2024-01-01'", '1'],
    ["DATE '2024-03-01', DATE '2024-01-31'", '-2'],
    ["TIMESTAMP '2024-01-01 00:00:00', DATE '2024-01-31'", '0'],
  ]),
  // 2024 * 12 = 24288
  ...calls('period_number numbers months, quarters and years by their first month', 'period_number', undefined, [
    ["'month', DATE '2024-05-31'", '24293'],
    ["'quarter', DATE '2024-05-31'", '24292'],
    ["'year', DATE '2024-05-31'", '24289'],
    ["'quarter', DATE '2024-12-31'", '24298'],
  ]),
  // as_of 2024-02-29: the export date itself ends the current month; a date
  // after it is not reached by the end of its own month, so the next.
  ...calls('reached_month: the first month by whose end a date has come', 'reached_month', 'DATE', [
    ["DATE '2024-01-31'", '2024-01-01'],
    ["DATE '2024-02-29'", '2024-02-01'],
    ["DATE '2024-03-01'", '2024-04-01'],
    ['CAST(NULL AS DATE)', null],
  ]),
  ...calls('period starts are DATEs', 'month_start', 'DATE', [
    ["DATE '2024-02-15'", '2024-02-01'],
    ["TIMESTAMP '2024-02-15 13:45:00'", '2024-02-01'],
  ]),
  ...calls('period starts are DATEs', 'quarter_start', 'DATE', [["DATE '2024-05-15'", '2024-04-01']]),
  ...calls('period starts are DATEs', 'year_start', 'DATE', [["DATE '2024-05-15'", '2024-01-01']]),
  ...calls('add_months / add_days return DATEs and clamp month ends like Trino', 'add_months', 'DATE', [
    ["DATE '2024-01-31', 1", '2024-02-29'],
    ["DATE '2023-01-31', 1", '2023-02-28'],
    ["DATE '2024-03-31', -1", '2024-02-29'],
    ["DATE '2024-01-31', CAST(13 AS BIGINT)", '2025-02-28'],
    ["DATE '2024-01-31', {{ var('horizon_months') }}", '2024-02-29'],
    ["DATE '2024-01-31', 1 + 1", '2024-03-31'],
  ]),
  ...calls('add_months / add_days return DATEs and clamp month ends like Trino', 'add_days', 'DATE', [
    ["DATE '2024-02-28', 1", '2024-02-29'],
    ["{{ var('as_of') }}, -60", '2023-12-31'],
  ]),
  ...calls('days_between compares calendar dates', 'days_between', 'BIGINT', [
    ["TIMESTAMP '2024-01-01 23:00:00', TIMESTAMP '2024-01-02 01:00:00'", '1'],
    ["DATE '2024-01-31', DATE '2024-03-01'", '30'],
    ["DATE '2024-03-01', DATE '2024-01-31'", '-30'],
  ]),
  ...calls('safe_div is DOUBLE division with NULL for zero', 'safe_div', 'DOUBLE', [
    ['7, 2', '3.5'],
    ['-7, 2', '-3.5'],
    ['1, 0', null],
    ['CAST(1.00 AS DECIMAL(10,2)), 3', String(1 / 3)],
    ['0, 0', null],
    ['NULL, 2', null],
  ]),
  // Half-cent ties round away from zero, exactly (a DOUBLE quotient loses them).
  ...calls('money_div is money per unit in cents, ties away from zero', 'money_div', 'DECIMAL(18,2)', [
    ['CAST(197.13 AS DECIMAL(18,2)), 6', '32.86'], // 32.855
    ['CAST(40345.20 AS DECIMAL(18,2)), 336', '120.08'], // 120.075
    ['CAST(-197.13 AS DECIMAL(18,2)), 6', '-32.86'],
    ['CAST(10.00 AS DECIMAL(18,2)), 3', '3.33'], // 3.333...
    ['CAST(20.00 AS DECIMAL(18,2)), 3', '6.67'], // 6.666...
    ['CAST(0.01 AS DECIMAL(18,2)), 2', '0.01'], // 0.005
    ['CAST(0.01 AS DECIMAL(18,2)), 3', '0.00'],
    ['CAST(100.00 AS DECIMAL(18,2)), 0', null],
    ['CAST(NULL AS DECIMAL(18,2)), 2', null],
    ['CAST(5 AS BIGINT), CAST(2 AS BIGINT)', '2.50'],
  ]),
  ...calls('hours_between is exact fractional hours as DOUBLE', 'hours_between', 'DOUBLE', [
    ["TIMESTAMP '2024-01-01 23:00:00', TIMESTAMP '2024-01-02 01:30:00'", '2.5'],
    ["TIMESTAMP '2024-01-02 01:30:00', TIMESTAMP '2024-01-01 23:00:00'", '-2.5'],
    ["TIMESTAMP '2024-02-28 12:00:00', TIMESTAMP '2024-03-01 12:00:00'", '48'],
    ["TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:00:00.500'", String(0.5 / 3600)],
    ["DATE '2024-01-01', TIMESTAMP '2024-01-01 06:00:00'", '6'],
  ]).map((c) => ({ ...c, close: true })),
];

/** The variables the cases render with. */
const MACRO_CASE_VARS = {
  as_of: { kind: 'date', value: '2024-02-29' },
  horizon_months: { kind: 'integer', value: 1 },
} as const;

/**
 * One describe per group and one test per case, on an engine:
 * `evaluate` gives a rendered template's value as text and its type
 * (upper-cased). Trino writes a DOUBLE as text in E notation (3.5E0), so
 * DOUBLE values compare as numbers.
 */
function describeMacroCases(
  title: string,
  evaluate: (template: string) => Promise<{ value: string | null; type: string }>,
): void {
  describe.each([...new Set(MACRO_CASES.map((c) => c.group))])(`${title}%s`, (group) => {
    it.each(MACRO_CASES.filter((c) => c.group === group).map((c) => [c.template, c] as const))(
      '%s',
      async (template, { value, type, close }) => {
        const result = await evaluate(template);
        if (close) expect(Number(result.value)).toBeCloseTo(Number(value), 12);
        else if (type === 'DOUBLE' && value !== null) expect(Number(result.value)).toBe(Number(value));
        else expect(result.value).toBe(value);
        if (type) expect(result.type).toBe(type);
      },
    );
  });
}

export { describeMacroCases, MACRO_CASE_VARS, MACRO_CASES };
export type { MacroCase };
