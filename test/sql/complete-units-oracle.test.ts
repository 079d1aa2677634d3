/**
 * Oracle for `complete_units`: Trino's date_diff(unit, a, b) calls Joda-Time's
 * ISOChronology UTC `<field>.getDifferenceAsLong(b, a)`. This is a port of that
 * for DATEs (BasicMonthOfYearDateTimeField, BasicGJChronology.getYearDifference,
 * Trino's quarter = months / 3), checked against the DuckDB expansion
 * (`date_sub`) on deterministic pseudo-random pairs in one query.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../functions/core/sql/macros.js';

const DAY = 86_400_000;
const ymd = (ms: number): [number, number, number] => {
  const d = new Date(ms);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
};
const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isLeap = (y: number): boolean => daysInMonth(y, 2) === 29;

/** BasicMonthOfYearDateTimeField.getDifferenceAsLong(minuend, subtrahend). */
function jodaMonths(minuend: number, subtrahend: number): number {
  if (minuend < subtrahend) return -jodaMonths(subtrahend, minuend);
  const [y1, m1, d1] = ymd(minuend);
  const [y2, m2, d2] = ymd(subtrahend);
  // Last day of the minuend month: a later subtrahend day counts as that day.
  const subDom = d1 === daysInMonth(y1, m1) && d2 > d1 ? d1 : d2;
  return (y1 - y2) * 12 + (m1 - m2) - (d1 < subDom ? 1 : 0);
}

/** BasicGJChronology.getYearDifference, with BasicYearDateTimeField's sign handling. */
function jodaYears(minuend: number, subtrahend: number): number {
  if (minuend < subtrahend) return -jodaYears(subtrahend, minuend);
  const [y1] = ymd(minuend);
  const [y2] = ymd(subtrahend);
  let rem1 = (minuend - Date.UTC(y1, 0, 1)) / DAY;
  let rem2 = (subtrahend - Date.UTC(y2, 0, 1)) / DAY;
  const feb29 = 31 + 29 - 1; // day-of-year offset of Feb 29 in a leap year
  if (rem2 >= feb29) {
    if (isLeap(y2)) {
      if (!isLeap(y1)) rem2 -= 1;
    } else if (rem1 >= feb29 && isLeap(y1)) rem1 -= 1;
  }
  return y1 - y2 - (rem1 < rem2 ? 1 : 0);
}

/** Trino date_diff(unit, a, b) on DATEs (epoch milliseconds at midnight UTC). */
const trinoDateDiff: Record<string, (a: number, b: number) => number> = {
  day: (a, b) => (b - a) / DAY,
  week: (a, b) => Math.trunc((b - a) / DAY / 7),
  month: (a, b) => jodaMonths(b, a),
  quarter: (a, b) => Math.trunc(jodaMonths(b, a) / 3),
  year: (a, b) => jodaYears(b, a),
};

/** mulberry32: a small seeded PRNG, so failures are reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Start dates biased to month ends and leap days; offsets both signs. */
function datePairs(count: number): [number, number][] {
  const random = prng(20_241_129);
  const pick = (n: number): number => Math.floor(random() * n);
  const pairs: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const y = 2019 + pick(8);
    const m = pick(12);
    const kind = pick(4);
    const day = kind === 0 ? daysInMonth(y, m + 1) : kind === 1 && isLeap(y) ? 29 : 1 + pick(31);
    const start = Date.UTC(y, kind === 1 ? 1 : m, Math.min(day, daysInMonth(y, (kind === 1 ? 1 : m) + 1)));
    const offset = pick(4) === 0 ? pick(5) * 365 + pick(3) - 1 : pick(1_600) - 800;
    const end = start + (pick(2) === 0 ? -offset : offset) * DAY;
    pairs.push([start, end]);
  }
  return pairs;
}

describe('complete_units (DuckDB date_sub) agrees with the Joda/Trino oracle', () => {
  it('ports Joda on known rows of Trino date_diff', () => {
    const d = (s: string): number => Date.parse(`${s}T00:00:00Z`);
    expect(trinoDateDiff['month']?.(d('2024-01-31'), d('2024-02-01'))).toBe(0);
    expect(trinoDateDiff['month']?.(d('2024-01-31'), d('2024-02-29'))).toBe(1);
    expect(trinoDateDiff['month']?.(d('2024-01-15'), d('2024-03-14'))).toBe(1);
    expect(trinoDateDiff['year']?.(d('2023-12-31'), d('2024-01-01'))).toBe(0);
    expect(trinoDateDiff['year']?.(d('2024-02-29'), d('2025-02-28'))).toBe(1);
    expect(trinoDateDiff['month']?.(d('2024-03-31'), d('2024-02-29'))).toBe(-1);
  });

  it('has 0 disagreements on 4,000 pseudo-random DATE pairs per unit', async () => {
    const pairs = datePairs(4_000);
    const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    const units = Object.keys(trinoDateDiff);
    const expected = pairs.map(([a, b]) => units.map((u) => trinoDateDiff[u]?.(a, b) ?? NaN));
    const columns = units.map((u) =>
      renderTemplate(`{{ complete_units('${u}', a, b) }} AS ${u}`, {
        dialect: 'duckdb',
        resolveRef: (n) => n,
        resolveSource: (e) => e,
        vars: {},
      }),
    );
    const values = pairs.map(([a, b], i) => `(${i}, DATE '${iso(a)}', DATE '${iso(b)}')`).join(',\n');

    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const reader = await db.runAndReadAll(
        `SELECT ${columns.join(', ')}, date_diff('month', a, b) AS boundary_months
         FROM (VALUES ${values}) AS p(i, a, b) ORDER BY i`,
      );
      const actual = reader.getRowsJS().map((row) => row.map(Number));
      const disagreements = pairs.flatMap(([a, b], i) =>
        units.flatMap((u, k) =>
          actual[i]?.[k] === expected[i]?.[k]
            ? []
            : [`${u} ${iso(a)} → ${iso(b)}: duckdb ${actual[i]?.[k]}, trino ${expected[i]?.[k]}`],
        ),
      );
      expect(actual).toHaveLength(pairs.length);
      expect(disagreements.slice(0, 20)).toEqual([]);
      // The oracle discriminates: DuckDB date_diff (boundaries) disagrees with it often.
      const month = units.indexOf('month');
      const boundaryMisses = actual.filter((row, i) => row[units.length] !== expected[i]?.[month]);
      expect(boundaryMisses.length).toBeGreaterThan(1_000);
      expect(pairs.filter(([a, b]) => b < a).length).toBeGreaterThan(1_000);
      expect(pairs.filter(([a]) => ymd(a)[2] === daysInMonth(ymd(a)[0], ymd(a)[1])).length).toBeGreaterThan(800);
      expect(pairs.filter(([a]) => iso(a).endsWith('-02-29')).length).toBeGreaterThan(100);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
