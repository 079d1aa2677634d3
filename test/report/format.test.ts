import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatCountChange,
  formatDay,
  formatMoney,
  formatMoneyChange,
  formatMonth,
  formatMultiple,
  formatNpsChange,
  formatShare,
  formatShareChange,
  NA,
} from '../../functions/core/report/format.js';

describe('Function: formatMoney', () => {
  it.each([
    ['586081.65', 'USD', '$586,081.65'],
    ['-12607.62', 'USD', '-$12,607.62'],
    ['0.00', 'USD', '$0.00'],
    ['5', 'USD', '$5.00'],
    // Beyond 2^53: a float would lose the cents, the DECIMAL text does not.
    ['9999999999999999.99', 'USD', '$9,999,999,999,999,999.99'],
    ['1234.5', 'EUR', '€1,234.50'],
    ['1234.5', 'JPY', '¥1,234.50'],
  ])('writes %s %s as %s, exact to the cent', (value, currency, expected) => {
    // Act
    const text = formatMoney(value, currency);

    // Assess
    expect(text).toBe(expected);
  });

  it('rounds a third decimal half away from zero and writes NULL as a dash', () => {
    // Prepare: 1.005 -> 1.01 and -1.005 -> -1.01 (101 cents); 0.004 -> 0.00 is not negative
    const values = ['1.005', '-1.005', '-0.004', null] as const;

    // Act
    const texts = values.map((v) => formatMoney(v, 'USD'));

    // Assess
    expect(texts).toEqual(['$1.01', '-$1.01', '$0.00', NA]);
  });

  it('signs changes: +$ for a rise, -$ for a fall, none for zero', () => {
    // Act / Assess
    expect(['3.06', '-3.06', '0.00', null].map((v) => formatMoneyChange(v, 'USD'))).toEqual([
      '+$3.06',
      '-$3.06',
      '$0.00',
      NA,
    ]);
  });
});

describe('Function: number formats', () => {
  it('writes counts, shares, changes and multiples as the report shows them', () => {
    // Assess: 0.945 -> 94.5%; a change of 0.003 is 0.3 percentage points
    expect(formatCount(1995)).toBe('1,995');
    expect(formatCountChange(80)).toBe('+80');
    expect(formatCountChange(-3)).toBe('-3');
    expect(formatShare(0.945)).toBe('94.5%');
    expect(formatShare(null)).toBe(NA);
    expect(formatShareChange(0.003)).toBe('+0.3 pp');
    expect(formatShareChange(-0.05)).toBe('-5.0 pp');
    expect(formatShareChange(0.00001)).toBe('0.0 pp');
    expect(formatMultiple(4.800298)).toBe('4.80×');
    expect(formatNpsChange(8.3)).toBe('+8.3 pts');
  });

  it('names months and days in English whatever the machine locale', () => {
    // Assess
    expect(formatMonth('2026-10-01')).toBe('October 2026');
    expect(formatDay('2026-11-01')).toBe('1 Nov 2026');
  });
});
