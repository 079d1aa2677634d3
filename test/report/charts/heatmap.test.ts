import { describe, expect, it } from 'vitest';
import { heatmap } from '../../../functions/core/report/charts/heatmap.js';
import type { HeatRow } from '../../../functions/core/report/charts/heatmap.js';

const count = (text: string, needle: RegExp): number => text.match(needle)?.length ?? 0;

describe('Function: heatmap', () => {
  it('draws one cell per given cell, hatching only the partial ones', () => {
    // Prepare: a triangle of 3 cohorts with 3, 2 and 1 cells = 6 cells, the last of each row partial
    const rows: HeatRow[] = [3, 2, 1].map((n, r) => ({
      label: `cohort ${r}`,
      note: `n=${10 * (r + 1)}`,
      cells: Array.from({ length: n }, (_, c) => ({
        column: c,
        value: c === 0 ? 1 : 0.5,
        text: c === 0 ? '100%' : '50%',
        title: `cell ${r}/${c}`,
        partial: c === n - 1,
        data: { cohort: r, months: c },
      })),
    }));

    // Act
    const svg = heatmap({ id: 't', ariaLabel: 'test', columns: 3, columnTitle: 'months', rows }).text;

    // Assess: 6 cells, 3 of them partial (one per row), 3 column numbers
    expect(count(svg, /<g class="cell/g)).toBe(6);
    expect(count(svg, /<g class="cell partial"/g)).toBe(3);
    expect(count(svg, /fill="url\(#t-hatch\)"/g)).toBe(3);
    expect(svg).toContain('data-cohort="2" data-months="0"');
    expect(svg).toContain('viewBox="0 0 250 95"'); // 132 + 3 x 38 + 4 wide, 34 + 3 x 19 + 4 high
  });

  it('escapes labels, texts and titles', () => {
    // Prepare
    const rows: HeatRow[] = [
      {
        label: '<script>alert(1)</script>',
        note: '"n"',
        cells: [{ column: 0, value: null, text: '<b>', title: '</title><script>', partial: false, data: { cohort: '"x"' } }],
      },
    ];

    // Act
    const svg = heatmap({ id: 't', ariaLabel: '"label"', columns: 1, columnTitle: 'm', rows }).text;

    // Assess
    expect(svg).not.toMatch(/<script|<b>|<\/title><script/);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('data-cohort="&quot;x&quot;"');
    expect(svg).toContain('aria-label="&quot;label&quot;"');
  });
});
