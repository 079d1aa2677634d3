import { describe, expect, it } from 'vitest';
import { lintHeader, lintModelSql } from '../../functions/core/sql/lint.js';

const rulesOf = (sql: string): string[] => lintModelSql(sql, 'm.sql').map((f) => f.rule);

describe('lintModelSql rules', () => {
  it.each([
    ['qualify', 'SELECT a FROM t QUALIFY rn = 1', 'SELECT a FROM (SELECT a, row_number() OVER (ORDER BY a) AS rn FROM t) AS x WHERE rn = 1'],
    ['exclude', 'SELECT * EXCLUDE (a) FROM t', 'SELECT b, c FROM t'],
    ['double-colon-cast', 'SELECT a::INTEGER FROM t', 'SELECT CAST(a AS INTEGER) FROM t'],
    ['integer-division-op', 'SELECT a // 2 FROM t', 'SELECT floor({{ safe_div(a, 2) }}) FROM t'],
    ['ilike', "SELECT a FROM t WHERE a ILIKE 'x%'", "SELECT a FROM t WHERE lower(a) LIKE 'x%'"],
    ['group-by-all', 'SELECT a, count(*) FROM t GROUP BY ALL', 'SELECT a, count(*) FROM t GROUP BY a'],
    ['group-by-all', 'SELECT a FROM t ORDER BY ALL', 'SELECT a FROM t ORDER BY 1'],
    ['with-recursive', 'WITH RECURSIVE r AS (SELECT 1 AS n) SELECT n FROM r', 'WITH r AS (SELECT 1 AS n) SELECT n FROM r'],
    ['timestamptz', 'SELECT CAST(a AS TIMESTAMPTZ) FROM t', 'SELECT CAST(a AS TIMESTAMP) FROM t'],
    ['timestamptz', 'SELECT CAST(a AS TIMESTAMP WITH TIME ZONE) FROM t', 'SELECT CAST(a AS TIMESTAMP) FROM t'],
    ['timestamptz', "SELECT a AT TIME ZONE 'UTC' FROM t", 'SELECT a FROM t'],
    ['timestamp-with-offset', "SELECT TIMESTAMP '2024-02-15 10:00:00+02:00'", "SELECT TIMESTAMP '2024-02-15 08:00:00'"],
    ['timestamp-with-offset', "SELECT TIMESTAMP '2024-02-15T10:00:00Z'", "SELECT TIMESTAMP '2024-02-15 10:00:00.123'"],
    ['ignore-nulls', 'SELECT first_value(a) IGNORE NULLS OVER (ORDER BY b) FROM t', 'SELECT first_value(a) OVER (ORDER BY b) FROM t'],
    ['offset', 'SELECT a FROM t LIMIT 10 OFFSET 5', 'SELECT a FROM t LIMIT 10'],
    ['duckdb-only-keyword', 'SELECT a FROM t ASOF JOIN u ON t.d >= u.d', 'SELECT a FROM t JOIN u ON t.d >= u.d'],
    ['duckdb-only-keyword', 'SELECT a FROM t ANTI JOIN u USING (k)', 'SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.k = t.k)'],
    ['query-only', 'CREATE TABLE x AS SELECT 1', 'SELECT 1'],
    ['query-only', 'INSERT INTO x SELECT 1', 'SELECT 1'],
    ['query-only', "SET TimeZone = 'UTC'", 'SELECT 1'],
    ['query-only', 'SELECT 1; SELECT 2', 'SELECT 1;'],
    ['query-only', 'PRAGMA version', '(SELECT 1) UNION ALL (SELECT 2)'],
    ['raw-division', 'SELECT a / b FROM t', 'SELECT {{ safe_div(a, b) }} FROM t /* a / b */'],
    ['date-diff-direct', "SELECT date_diff('month', a, b) FROM t", "SELECT {{ complete_units('month', a, b) }} FROM t"],
    ['date-diff-direct', "SELECT date_sub('month', a, b) FROM t", "SELECT {{ complete_units('month', a, b) }} FROM t"],
    ['date-diff-direct', 'SELECT datediff(a, b) FROM t', 'SELECT {{ days_between(a, b) }} FROM t'],
    ['date-trunc-outside-cast', "SELECT date_trunc('month', a) FROM t", "SELECT CAST(date_trunc('month', a) AS DATE) FROM t"],
    ['date-trunc-outside-cast', "SELECT CAST(date_trunc('month', a) + INTERVAL '1' DAY AS DATE) FROM t", "SELECT CAST(date_trunc('hour', a) AS TIMESTAMP) FROM t"],
    ['date-string-literal', "SELECT a FROM t WHERE d = '2024-01-01'", "SELECT a FROM t WHERE d = DATE '2024-01-01'"],
    ['date-string-literal', "SELECT a FROM t WHERE d BETWEEN '2024-01-01' AND DATE '2024-02-01'", "SELECT a FROM t WHERE d >= CAST('2024-01-01' AS DATE)"],
    ['interval-form', 'SELECT d + INTERVAL 1 MONTH FROM t', "SELECT d + INTERVAL '1' MONTH FROM t"],
    ['interval-form', "SELECT d + INTERVAL '1 month' FROM t", "SELECT d + 3 * INTERVAL '1' MONTH FROM t"],
    ['interval-form', "SELECT d + INTERVAL '2' DAYS FROM t", "SELECT d + INTERVAL '2' DAY FROM t"],
    ['interval-form', "SELECT d + INTERVAL '1' WEEK FROM t", "SELECT d + INTERVAL '7' DAY FROM t"],
    ['avg-on-double', 'SELECT avg(amount) FROM t', 'SELECT avg(CAST(amount AS DOUBLE)) FROM t'],
    ['money-through-double', 'SELECT round({{ safe_div(spend, n) }}, 2) FROM t', 'SELECT {{ money_div(spend, n) }}, round({{ safe_div(a, b) }}, 4) FROM t'],
    ['avg-on-double', 'SELECT avg(CAST(a AS DOUBLE) + b) FROM t', 'SELECT avg({{ safe_div(a, b) }}) OVER (PARTITION BY c) FROM t'],
    ['avg-on-double', 'SELECT avg(CAST(a AS DECIMAL(12, 2))) FROM t', 'SELECT avg(DISTINCT TRY_CAST(a AS DOUBLE)) FROM t'],
    ['function-allow-list', "SELECT concat(a, 'x') FROM t", "SELECT a || 'x' FROM t"],
    ['function-allow-list', "SELECT regexp_replace(a, '-', '_') FROM t", "SELECT replace(a, '-', '_') FROM t"],
    ['function-allow-list', 'SELECT if(a > 0, 1, 0) FROM t', 'SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END FROM t'],
    ['function-allow-list', 'SELECT median(a) FROM t', 'SELECT avg(CAST(a AS DOUBLE)) FROM t WHERE {{ is_middle_row(p, n) }}'],
    ['function-allow-list', 'SELECT approx_percentile(a, 0.5) FROM t', 'SELECT a, row_number() OVER (ORDER BY a) AS p, count(*) OVER () AS n FROM t'],
    ['function-allow-list', 'SELECT count_if(a > 0) FROM t', 'SELECT {{ count_true(a > 0) }} FROM t'],
    ['function-allow-list', "SELECT strftime(d, '%Y-%m') FROM t", 'SELECT substr(CAST(d AS VARCHAR), 1, 7) FROM t'],
    ['function-allow-list', 'SELECT s.f(a) FROM t', 'SELECT coalesce(max_by(a, b), least(c, 1)) FROM t'],
    ['function-allow-list', 'SELECT a, b, grouping_id(b) FROM t GROUP BY CUBE (a, b)', "SELECT a, CASE WHEN grouping(b) = 1 THEN 'all' ELSE b END AS b FROM t GROUP BY GROUPING SETS ((a, b), (a))"],
  ])('%s: flags %j, accepts the portable form', (rule, bad, good) => {
    expect(rulesOf(bad)).toContain(rule);
    expect(lintModelSql(good, 'm.sql')).toEqual([]);
  });

  it('points an author who wants a median to the exact form, not an approximate one', () => {
    for (const sql of ['SELECT median(a) FROM t', 'SELECT approx_percentile(a, 0.5) FROM t']) {
      const [finding] = lintModelSql(sql, 'm.sql');
      expect(finding?.message).toMatch(/\{\{ is_middle_row\(position, n\) \}\}/);
    }
  });

  it('flags a statement that does not start with SELECT or WITH', () => {
    expect(rulesOf('VALUES (1)')).toEqual(['query-only']);
  });

  it('reports a malformed placeholder as a finding instead of throwing', () => {
    expect(rulesOf('SELECT {{ safe_div(a, b }}')).toEqual(['macro-syntax']);
  });
});

describe('lintModelSql reading of the template', () => {
  it('ignores comments and string literals', () => {
    const sql = "-- QUALIFY a::int / 2\nSELECT 'x::y // QUALIFY / 2' AS s, \"odd/name\" FROM t /* date_diff( */";
    expect(lintModelSql(sql, 'm.sql')).toEqual([]);
  });

  it('treats placeholders as opaque but lints their expression arguments', () => {
    expect(lintModelSql("SELECT {{ safe_div(sum(a), count(*)) }}, {{ ref('x') }}", 'm.sql')).toEqual([]);
    expect(rulesOf('SELECT {{ safe_div(a::INTEGER, b / 2) }} FROM t')).toEqual(['double-colon-cast', 'raw-division']);
  });

  it('accepts a realistic model', () => {
    const sql = `-- grain: one row per customer
-- key: customer_id
WITH first_orders (customer_id, first_month) AS (
  SELECT customer_id, {{ month_start(min(order_date)) }}
  FROM {{ ref('stg_orders') }}
  WHERE order_date <= {{ var('as_of') }}
  GROUP BY 1
)
SELECT f.customer_id,
  CASE WHEN count(DISTINCT o.order_id) > 1 THEN TRUE ELSE FALSE END AS repeat_buyer,
  {{ month_index(f.first_month, {{ var('as_of') }}) }} AS cohort_age,
  round(avg(CAST(o.amount AS DOUBLE)), 2) AS avg_amount,
  lag(f.first_month, 1, DATE '1970-01-01') OVER (ORDER BY f.customer_id NULLS LAST) AS prev
FROM first_orders AS f
JOIN {{ ref('stg_orders') }} AS o ON o.customer_id = f.customer_id
WHERE o.status IN ('completed') AND EXISTS (SELECT 1 FROM {{ source('customers') }} AS c WHERE c.id = f.customer_id)
GROUP BY f.customer_id, f.first_month
`;
    expect(lintModelSql(sql, 'm.sql')).toEqual([]);
  });

  it('locates findings by line and column in the original file', () => {
    const sql = "-- grain: x\n-- key: y\nSELECT a,\n  {{ safe_div(a, b) }} AS r,\n  a::INTEGER\nFROM t";
    expect(lintModelSql(sql, 'sql/kpi/kpi_x.sql')).toEqual([
      {
        file: 'sql/kpi/kpi_x.sql',
        line: 5,
        column: 4,
        rule: 'double-colon-cast',
        message: expect.stringContaining('CAST'),
      },
    ]);
  });

  it('does not mistake qualified column names for keywords', () => {
    expect(lintModelSql('SELECT t.offset, t.set FROM t', 'm.sql')).toEqual([]);
  });
});

describe('lintHeader', () => {
  it('accepts a header with grain and key lines in any case', () => {
    expect(lintHeader('-- kpi_x: churn\n-- Grain: one row per month\n--   KEY: month\nSELECT 1', 'm.sql')).toEqual([]);
  });

  it('flags a missing header', () => {
    expect(lintHeader('SELECT 1', 'm.sql')).toEqual([
      { file: 'm.sql', line: 1, column: 1, rule: 'header', message: expect.stringContaining('header') },
    ]);
  });

  it('flags missing or empty grain and key lines', () => {
    const findings = lintHeader('-- grain:\n-- the key is customer_id\nSELECT 1', 'm.sql');
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('grain'),
      expect.stringContaining('key'),
    ]);
  });

  it('reads only the leading comment block', () => {
    expect(lintHeader('-- grain: x\nSELECT 1\n-- key: y', 'm.sql').map((f) => f.message)).toEqual([
      expect.stringContaining('key'),
    ]);
  });
});
