import { describe, expect, it } from 'vitest';
import {
  addMonths,
  monthEnd,
  monthsBetween,
  quarterStart,
  yearStart,
} from '../../functions/core/report/months.js';

describe('Function: month arithmetic', () => {
  it('moves across year ends and finds period starts and ends', () => {
    // Assess: 2026-10 - 23 months = 2024-11 (the report's 24-month window)
    expect(addMonths('2026-10-01', -23)).toBe('2024-11-01');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-01');
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(quarterStart('2026-11-01')).toBe('2026-10-01');
    expect(yearStart('2026-11-01')).toBe('2026-01-01');
    expect(monthsBetween('2025-11-01', '2026-02-01')).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
  });

  it('rejects text that is not a date', () => {
    // Assess
    expect(() => addMonths('2026-13', 1)).toThrow('not a YYYY-MM-DD date');
  });
});
