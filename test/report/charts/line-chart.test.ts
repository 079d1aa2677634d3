import { describe, expect, it } from 'vitest';
import { lineChart } from '../../../functions/core/report/charts/line-chart.js';

const spec = {
  ariaLabel: 'CES mean by month',
  months: ['2026-08-01', '2026-09-01', '2026-10-01'],
  partial: [false, false, false],
  series: [{ name: 'CES mean', color: '#1f5f99', values: [3.2, 4.1, 3.8] }],
  formatTick: (v: number) => v.toFixed(1),
  formatValue: (v: number) => v.toFixed(1),
};

/** The y-axis tick labels, bottom to top. */
const ticks = (svg: string): string[] =>
  [...svg.matchAll(/<text class="axis" x="52" [^>]*text-anchor="end">([^<]+)<\/text>/g)].map((m) => m[1] ?? '');

describe('Function: lineChart', () => {
  it('runs a fixed scale exactly, one tick per whole number (CES 1-7, not 0-8)', () => {
    expect(ticks(lineChart({ ...spec, scale: [1, 7] }).text)).toEqual(['1.0', '2.0', '3.0', '4.0', '5.0', '6.0', '7.0']);
  });

  it('keys two series or more with a legend, one alone without', () => {
    const two = lineChart({ ...spec, series: [...spec.series, { name: 'CLV', color: '#b42318', values: [1, 2, 3] }] }).text;
    expect(two).toMatch(/^<div class="legend"><span class="swatch" style="background:#1f5f99"><\/span>CES mean <span class="swatch" style="background:#b42318"><\/span>CLV <\/div>/);
    expect(lineChart(spec).text).not.toContain('class="legend"');
  });

  it('picks nice ticks around the values without one', () => {
    const labels = ticks(lineChart({ ...spec, include: [1, 7] }).text);
    expect(labels[0]).toBe('0.0');
    expect(labels.at(-1)).toBe('8.0');
  });
});
