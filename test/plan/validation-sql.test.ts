/**
 * The Athena rendering of the contract's rules must blame the same column
 * with the same reason, in the same order, as the DuckDB rendering (which
 * the landing tests exercise on real data), and its patterns must accept
 * the same texts.
 */
import { describe, expect, it } from 'vitest';
import { entities } from '../../functions/core/contract/entities.js';
import { athenaEntityChecks, PATTERNS } from '../../functions/core/plan/validation-sql.js';
import { landingSelect } from '../../functions/core/duckdb/landing/validation-sql.js';

const ctx = { exportDate: '2026-11-01', reportingCurrency: 'EUR', timeZone: 'UTC' };

/** (column, reason) of every rule in a DuckDB landing SELECT, in blame order. */
function duckDbRules(sql: string): [string, string][] {
  const pick = (alias: string): string[] => {
    const m = new RegExp(`CASE _failed_check (.*?) END AS ${alias}`).exec(sql);
    return [...(m?.[1] ?? '').matchAll(/WHEN (\d+) THEN '((?:[^']|'')*)'/g)].map((w) => (w[2] ?? '').replaceAll("''", "'"));
  };
  const columns = pick('_reject_column');
  const reasons = pick('_reject_reason');
  return columns.map((c, i) => [c, reasons[i] ?? '']);
}

describe('Function: athenaEntityChecks', () => {
  it.each(entities.map((e) => [e.name, e] as const))('blames like DuckDB for %s', (_name, entity) => {
    // Prepare
    const duck = duckDbRules(landingSelect(entity, 'SELECT 1', 'f.csv', ctx, "''", false, { unknownColumns: [], problem: null, fix: null }));

    // Act
    const athena = athenaEntityChecks(entity, ctx).map((c) => [c.column, c.reason]);

    // Assess: DuckDB names the night's date in one reason; Athena the file's (per row).
    expect(duck.length).toBeGreaterThan(0);
    expect(athena).toEqual(
      duck.map(([c, r]) => [c, r.replace('is after the export date 2026-11-01', 'is after the export date')]),
    );
  });
});

describe('Function: PATTERNS', () => {
  const accepts = (kind: keyof typeof PATTERNS, text: string): boolean =>
    new RegExp(`^(${PATTERNS[kind]})$`).test(text);

  it.each([
    ['date', '2024-02-29', true],
    ['date', '2024-2-29', false],
    ['date', '2024-02-29T00:00', false],
    ['timestamp', '2024-02-29', true],
    ['timestamp', '2024-02-29 10:00', true],
    ['timestamp', '2024-02-29T10:00:05.123456789Z', true],
    ['timestamp', '2024-02-29T10:00:05+0100', true],
    ['timestamp', '2024-02-29T10:00:05+01:00', true],
    ['timestamp', '29/02/2024', false],
    ['money', '-12.50', true],
    ['money', '12.505', false],
    ['money', '1,200.00', false],
    ['integer', '-15', true],
    ['integer', '1.0', false],
    // Non-ASCII digits are not digits to the contract.
    ['integer', '١٢', false],
  ] as const)('%s %s -> %s', (kind, text, expected) => {
    expect(accepts(kind, text)).toBe(expected);
  });
});
