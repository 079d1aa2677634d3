import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../functions/core/sql/macros.js';
import { checkTrinoGrammar } from '../../functions/core/sql/trino-grammar.js';

describe('checkTrinoGrammar', () => {
  it.each([
    ['plain select', 'SELECT a, count(*) AS n FROM t GROUP BY a ORDER BY n DESC NULLS LAST'],
    ['CTE, join, window', `WITH x AS (SELECT a, row_number() OVER (PARTITION BY a ORDER BY b NULLS LAST) AS rn FROM t)
SELECT x.a FROM x LEFT JOIN u ON u.a = x.a WHERE x.rn = 1`],
    ['typed literals and interval', "SELECT DATE '2024-01-31' + INTERVAL '1' MONTH, TIMESTAMP '2024-01-01 10:00:00'"],
    ['safe_div expansion', 'SELECT (CAST(a AS DOUBLE) / NULLIF(CAST(b AS DOUBLE), 0)) FROM t'],
    ['date_diff and date_trunc', "SELECT date_diff('month', a, b), CAST(date_trunc('month', a) AS DATE) FROM t"],
    ['count_true expansion', 'SELECT g, count(*) FILTER (WHERE x > 0) FROM t GROUP BY g'],
    ['exact_sum expansion', 'SELECT sum(CAST(x AS DECIMAL(38, 9))) FROM t'],
    ['hours_between expansion', 'SELECT (CAST(to_milliseconds((b) - (a)) AS DOUBLE) / 3600000) FROM t'],
    ['median expansion with FILTER', 'SELECT approx_percentile(CAST(x AS DOUBLE), 0.5) FILTER (WHERE y > 0) FROM t'],
    ['VALUES with column aliases', 'SELECT * FROM (VALUES (1, 2), (3, 4)) AS v(a, b)'],
    ['UNION ALL and GROUP BY ordinal', 'SELECT a, sum(b) FROM t GROUP BY 1 UNION ALL SELECT a, b FROM u'],
    ['trailing semicolon', 'SELECT 1;'],
  ])('accepts %s', (_name, sql) => {
    expect(checkTrinoGrammar(sql)).toEqual([]);
  });

  it.each([
    ['QUALIFY', 'SELECT a FROM t QUALIFY row_number() OVER (PARTITION BY a ORDER BY b) = 1'],
    [':: cast', 'SELECT a::INTEGER FROM t'],
    ['GROUP BY ALL alone', 'SELECT a, count(*) FROM t GROUP BY ALL'],
    ['// integer division', 'SELECT 7 // 2'],
    ['EXCLUDE', 'SELECT * EXCLUDE (a) FROM t'],
    ['ILIKE', "SELECT a FROM t WHERE a ILIKE 'x%'"],
    ['unquoted interval', 'SELECT DATE \'2024-01-01\' + INTERVAL 1 MONTH'],
    ['DuckDB IGNORE NULLS form', 'SELECT first_value(a IGNORE NULLS) OVER (ORDER BY b) FROM t'],
    ['struct literal', "SELECT {'a': 1} AS s"],
    ['list comprehension', 'SELECT [x * 2 FOR x IN l] FROM t'],
    ['unrendered placeholder', "SELECT * FROM {{ ref('a') }}"],
  ])('rejects %s', (_name, sql) => {
    const errors = checkTrinoGrammar(sql);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line: 1, column: expect.any(Number), message: expect.any(String) });
  });

  it('accepts the Athena expansion of every macro', () => {
    const template = `SELECT {{ safe_div(a, b) }}, {{ complete_units('quarter', a, b) }},
  {{ month_index(a, b) }}, {{ period_number('quarter', a) }}, {{ month_start(a) }}, {{ quarter_start(a) }}, {{ year_start(a) }},
  {{ add_months(a, {{ var('n') }}) }}, {{ add_days(a, -1) }}, {{ reached_month(a) }}, {{ days_between(a, b) }},
  {{ hours_between(a, b) }}, {{ is_middle_row(c, d) }}, {{ local_date(t) }},
  {{ has_rows({{ ref('x') }}) }}
FROM {{ ref('m') }} JOIN {{ source('e') }} USING (k)
WHERE a <= {{ var('as_of') }}
GROUP BY a, b`;
    const sql = renderTemplate(template, {
      dialect: 'athena',
      resolveRef: (n) => `crm_kpi.${n}`,
      resolveSource: (e) => `crm_raw.${e}`,
      vars: {
        as_of: { kind: 'date', value: '2026-11-01' },
        n: { kind: 'integer', value: 3 },
        time_zone: { kind: 'zone', value: 'Europe/Paris' },
      },
    });
    expect(sql).toContain("CAST(t AT TIME ZONE 'Europe/Paris' AS DATE)");
    expect(checkTrinoGrammar(sql)).toEqual([]);
  });

  it('reports 1-based positions on the right line', () => {
    const [error] = checkTrinoGrammar('SELECT a\nFROM t\nWHERE a::INTEGER > 1');
    expect(error).toMatchObject({ line: 3, column: 8 });
  });
});
