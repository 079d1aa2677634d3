import { describe, expect, it } from 'vitest';
import type { RestatementRow } from '../../../functions/core/report/report-rows.js';
import { restatementSection } from '../../../functions/core/report/sections/restatements.js';

const change = (row: number, before: string | null, after: string | null): RestatementRow => ({
  table_name: 'kpi_headline_monthly',
  row_key: `month=2025-0${row}-01`,
  column_name: 'revenue',
  previous_value: before,
  new_value: after,
  previous_is_complete: true,
  previous_run_id: 'r20250415_1',
});

describe('Function: restatementSection', () => {
  it('says there are no restatements when nothing published changed', () => {
    const text = restatementSection([]).text;
    expect(text).toContain('data-restatements="none"');
    expect(text).toContain('No restatements:');
  });

  it('lists each changed figure with its value before and after, and the run compared with', () => {
    const text = restatementSection([change(1, '100.00', '130.00'), change(2, '50.00', null)]).text;
    expect(text).toContain('data-key="kpi_headline_monthly:month=2025-01-01:revenue"');
    expect(text).toMatch(/data-field="previous_value">100\.00<.*data-field="new_value">130\.00</s);
    // A vanished figure reads "–" after.
    expect(text).toMatch(/data-field="previous_value">50\.00<\/td><td class="num" data-field="new_value">–</);
    expect(text).toContain('run <code>r20250415_1</code>');
    expect(text).not.toContain('more changed figures');
  });

  it('shows the first 40 and says how many more there are', () => {
    const rows = Array.from({ length: 45 }, (_, i) => ({ ...change(1, String(i), String(i + 1)), row_key: `k${i}` }));
    const text = restatementSection(rows).text;
    expect(text.match(/data-key="kpi_headline_monthly:k\d+:revenue"/g)?.length).toBe(40);
    expect(text).toContain('and 5 more changed figures');
  });
});
