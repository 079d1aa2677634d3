import { describe, expect, it } from 'vitest';
import { MacroError } from '../../functions/core/errors.js';
import { findRefs, renderTemplate } from '../../functions/core/sql/macros.js';
import type { Dialect, RenderContext } from '../../functions/core/sql/macros.js';

const ctx = (dialect: Dialect, file?: string): RenderContext => ({
  dialect,
  resolveRef: (n) => `kpi.${n}`,
  resolveSource: (e) => `raw.${e}`,
  vars: {
    as_of: { kind: 'date', value: '2026-11-01' },
    churn_window_days: { kind: 'integer', value: 180 },
    rate: { kind: 'double', value: 0.1 },
    broken: { kind: 'date', value: '2026-02-30' },
  },
  ...(file === undefined ? {} : { file }),
});
const duck = (sql: string): string => renderTemplate(sql, ctx('duckdb'));
const athena = (sql: string): string => renderTemplate(sql, ctx('athena'));

describe('local_date', () => {
  const inZone = (dialect: Dialect, zone: string): string =>
    renderTemplate('{{ local_date(t) }}', {
      ...ctx(dialect),
      vars: { time_zone: { kind: 'zone', value: zone } },
    });

  it('is a plain cast in UTC', () => {
    expect([inZone('duckdb', 'UTC'), inZone('athena', 'UTC')]).toEqual(['CAST(t AS DATE)', 'CAST(t AS DATE)']);
  });

  it('reads the UTC timestamp in the reporting zone on both engines', () => {
    expect(inZone('duckdb', 'America/New_York')).toBe(
      "CAST((t AT TIME ZONE 'UTC') AT TIME ZONE 'America/New_York' AS DATE)",
    );
    expect(inZone('athena', 'America/New_York')).toBe("CAST(t AT TIME ZONE 'America/New_York' AS DATE)");
  });

  it('never writes a zone that is not a zone name into SQL', () => {
    expect(() => inZone('duckdb', "UTC' OR 1=1 --")).toThrow(MacroError);
  });
});

describe('macro expansions per dialect', () => {
  it.each([
    ["{{ ref('stg_orders') }}", 'kpi.stg_orders', 'kpi.stg_orders'],
    ["{{ source('customers') }}", 'raw.customers', 'raw.customers'],
    ["{{ var('as_of') }}", "DATE '2026-11-01'", "DATE '2026-11-01'"],
    ["{{ var('churn_window_days') }}", 'CAST(180 AS INTEGER)', 'CAST(180 AS INTEGER)'],
    ["{{ var('rate') }}", 'CAST(0.1 AS DOUBLE)', 'CAST(0.1 AS DOUBLE)'],
    [
      '{{ safe_div(a, b) }}',
      '(CAST(a AS DOUBLE) / NULLIF(CAST(b AS DOUBLE), 0))',
      '(CAST(a AS DOUBLE) / NULLIF(CAST(b AS DOUBLE), 0))',
    ],
    [
      "{{ complete_units('month', a, b) }}",
      "date_sub('month', a, b)",
      "date_diff('month', a, b)",
    ],
    [
      '{{ month_index(a, b) }}',
      '((year(b) - year(a)) * 12 + (month(b) - month(a)))',
      '((year(b) - year(a)) * 12 + (month(b) - month(a)))',
    ],
    ['{{ month_start(x) }}', "CAST(date_trunc('month', x) AS DATE)", "CAST(date_trunc('month', x) AS DATE)"],
    ['{{ quarter_start(x) }}', "CAST(date_trunc('quarter', x) AS DATE)", "CAST(date_trunc('quarter', x) AS DATE)"],
    ['{{ year_start(x) }}', "CAST(date_trunc('year', x) AS DATE)", "CAST(date_trunc('year', x) AS DATE)"],
    [
      '{{ add_months(d, n) }}',
      "CAST((d) + (n) * INTERVAL '1' MONTH AS DATE)",
      "CAST((d) + (n) * INTERVAL '1' MONTH AS DATE)",
    ],
    [
      '{{ add_days(d, n) }}',
      "CAST((d) + (n) * INTERVAL '1' DAY AS DATE)",
      "CAST((d) + (n) * INTERVAL '1' DAY AS DATE)",
    ],
    [
      '{{ days_between(a, b) }}',
      "date_diff('day', CAST(a AS DATE), CAST(b AS DATE))",
      "date_diff('day', CAST(a AS DATE), CAST(b AS DATE))",
    ],
    [
      '{{ hours_between(a, b) }}',
      '(CAST(epoch_ms(b) - epoch_ms(a) AS DOUBLE) / 3600000)',
      '(CAST(to_milliseconds((b) - (a)) AS DOUBLE) / 3600000)',
    ],
    [
      '{{ count_true(x > 0) }}',
      'count(*) FILTER (WHERE x > 0)',
      'count(*) FILTER (WHERE x > 0)',
    ],
    [
      '{{ exact_sum(x) }}',
      'sum(CAST(x AS DECIMAL(38, 9)))',
      'sum(CAST(x AS DECIMAL(38, 9)))',
    ],
    [
      "{{ has_rows({{ ref('stg_tickets') }}) }}",
      '(SELECT count(*) > 0 FROM kpi.stg_tickets)',
      '(SELECT count(*) > 0 FROM kpi.stg_tickets)',
    ],
    [
      '{{ is_middle_row(p, n) }}',
      'CAST(p AS DOUBLE) BETWEEN CAST(n AS DOUBLE) * 0.5 AND CAST(n AS DOUBLE) * 0.5 + 1',
      'CAST(p AS DOUBLE) BETWEEN CAST(n AS DOUBLE) * 0.5 AND CAST(n AS DOUBLE) * 0.5 + 1',
    ],
  ])('%s', (template, duckdb, trino) => {
    expect(duck(template)).toBe(duckdb);
    expect(athena(template)).toBe(trino);
  });

  it('accepts every complete_units unit', () => {
    for (const unit of ['day', 'week', 'month', 'quarter', 'year']) {
      expect(athena(`{{ complete_units('${unit}', a, b) }}`)).toBe(`date_diff('${unit}', a, b)`);
    }
  });
});

describe('argument splitting', () => {
  it('keeps commas inside parentheses and quoted strings in one argument', () => {
    expect(duck("{{ safe_div(coalesce(sum(x), 0), count_if(s IN ('a,b', 'c)'))) }}")).toBe(
      "(CAST(coalesce(sum(x), 0) AS DOUBLE) / NULLIF(CAST(count_if(s IN ('a,b', 'c)')) AS DOUBLE), 0))",
    );
  });

  it("handles doubled quotes and quoted identifiers with commas", () => {
    expect(duck(`{{ safe_div("a,b", 'it''s,') }}`)).toBe(
      `(CAST("a,b" AS DOUBLE) / NULLIF(CAST('it''s,' AS DOUBLE), 0))`,
    );
  });

  it('renders placeholders nested in expression arguments', () => {
    expect(athena("{{ safe_div(sum({{ days_between(a, {{ var('as_of') }}) }}), count(*)) }}")).toBe(
      "(CAST(sum(date_diff('day', CAST(a AS DATE), CAST(DATE '2026-11-01' AS DATE))) AS DOUBLE) / NULLIF(CAST(count(*) AS DOUBLE), 0))",
    );
  });

  it('trims whitespace and newlines around arguments', () => {
    expect(duck('{{safe_div(\n  a + 1 ,\n  b\n)}}')).toBe('(CAST(a + 1 AS DOUBLE) / NULLIF(CAST(b AS DOUBLE), 0))');
  });
});

describe('placeholders in comments and strings', () => {
  it('leaves placeholders in comments and string literals untouched', () => {
    const sql = "-- uses {{ nope() }}\nSELECT '{{ nope() }}' /* {{ nope( */, {{ ref('a') }}";
    expect(duck(sql)).toBe("-- uses {{ nope() }}\nSELECT '{{ nope() }}' /* {{ nope( */, kpi.a");
  });

  it('does not count references in comments', () => {
    expect(findRefs("-- {{ ref('example') }}\nSELECT 1")).toEqual({ refs: [], sources: [] });
  });
});

describe('findRefs', () => {
  it('lists refs and sources once each, in first-use order, including nested ones', () => {
    const sql =
      "SELECT * FROM {{ ref('b') }} JOIN {{ ref('a') }} USING (k) JOIN {{ source('orders') }} USING (k)" +
      " WHERE x IN (SELECT {{ safe_div(y, 1) }} FROM {{ ref('b') }}) AND {{ month_start({{ ref('c') }}.d) }} > 0";
    expect(findRefs(sql)).toEqual({ refs: ['b', 'a', 'c'], sources: ['orders'] });
  });

  it('rejects a bad quoted name', () => {
    expect(() => findRefs('SELECT * FROM {{ ref(orders) }}', 'sql/kpi/x.sql')).toThrow(/sql\/kpi\/x\.sql line 1: macro ref/);
  });
});

describe('errors', () => {
  const fails = (sql: string, message: RegExp): void => {
    let error: unknown;
    try {
      renderTemplate(sql, ctx('athena', 'sql/kpi/kpi_x.sql'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MacroError);
    expect((error as Error).message).toMatch(/sql\/kpi\/kpi_x\.sql/);
    expect((error as Error).message).toMatch(message);
  };

  it.each([
    ['unknown macro', 'SELECT {{ nope(x) }}', /line 1: unknown macro 'nope'/],
    ['too few arguments', 'SELECT {{ safe_div(x) }}', /macro safe_div takes 2 argument\(s\), got 1/],
    ['too many arguments', 'SELECT\n{{ month_start(a, b) }}', /line 2: macro month_start takes 1/],
    ['no arguments', 'SELECT {{ month_start() }}', /macro month_start takes 1 argument\(s\), got 0/],
    ['empty argument', 'SELECT {{ safe_div(a, ) }}', /macro safe_div: argument 2 is empty/],
    ['unquoted name', 'SELECT * FROM {{ ref(stg_orders) }}', /macro ref: argument 1 must be a quoted name/],
    ['double-quoted name', 'SELECT * FROM {{ ref("stg_orders") }}', /macro ref: argument 1/],
    ['name with bad characters', "SELECT * FROM {{ ref('stg-orders') }}", /macro ref: argument 1/],
    ['upper-case name', "SELECT * FROM {{ source('Orders') }}", /macro source: argument 1/],
    ['injection attempt', "SELECT * FROM {{ ref('x; DROP TABLE y') }}", /macro ref: argument 1/],
    ['unknown unit', "SELECT {{ complete_units('hour', a, b) }}", /macro complete_units: argument 1 must be one of/],
    ['unknown var', "SELECT {{ var('nope') }}", /unknown var 'nope' \(known: as_of/],
    ['invalid var value', "SELECT {{ var('broken') }}", /var 'broken' is invalid/],
    ['missing )', 'SELECT {{ safe_div(a, b }}', /missing '\)'/],
    ['missing }}', 'SELECT {{ safe_div(a, b) ', /expected '}}'/],
    ['unbalanced parentheses', 'SELECT {{ safe_div(a, (b) }}', /missing '\)'/],
    ['unterminated', "SELECT {{ safe_div(a, 'b) }}", /unterminated macro safe_div/],
    ['no call', 'SELECT {{ as_of }}', /expected '\{\{ name\(args\) \}\}'/],
  ])('%s', (_name, sql, message) => {
    fails(sql, message);
  });
});
