import { describe, expect, it } from 'vitest';
import { formatParityRun } from '../../functions/core/parity/format-parity.js';
import type { NightParity } from '../../functions/core/parity/parity-run.js';

/** A night of one table with `differing` differing values. */
const night = (exportDate: string, differing: number): NightParity => ({
  exportDate,
  tables: [
    {
      table: 'kpi_headline_monthly',
      rowsLeft: 3,
      rowsRight: 3,
      differingValues: differing,
      differences: Array.from({ length: differing }, () => ({ key: '["2025-02-01"]', column: 'revenue', left: '20', right: '70' })),
    },
  ],
  onlyDuckDb: [],
  onlyTrino: [],
});

const known = [{ case: 'bad-input-invalid-utf8', reason: 'Trino decodes Latin-1 bytes where DuckDB rejects the line' }];

describe('formatParityRun', () => {
  it('counts only the cases not listed as known, and passes while the listed ones still differ', () => {
    const { text, failed } = formatParityRun(
      [
        { name: 'cases/demo', nights: [night('2026-11-01', 0)] },
        { name: 'cases/bad-input-invalid-utf8-0123456789', nights: [night('2025-03-31', 2)] },
      ],
      known,
    );
    expect(failed).toBe(false);
    expect(text.split('\n')[0]).toBe('parity: 1 tables, 3 rows, 0 differing values');
    expect(text).toContain('- cases/bad-input-invalid-utf8-0123456789: still differs, as known: Trino decodes');
    expect(text).toContain('["2025-02-01"] revenue: duckdb 20 | trino 70');
  });

  it('fails on a difference in a case that is not listed', () => {
    const { failed } = formatParityRun([{ name: 'cases/demo', nights: [night('2026-11-01', 1)] }], known);
    expect(failed).toBe(true);
  });

  it('fails when a listed case no longer differs, so the list cannot hide a fixed case', () => {
    const { text, failed } = formatParityRun(
      [{ name: 'cases/bad-input-invalid-utf8-0123456789', nights: [night('2025-03-31', 0)] }],
      known,
    );
    expect(failed).toBe(true);
    expect(text).toContain('no longer differs: remove it from the known differences');
  });
});
