/**
 * What changed since the previous published night in periods already
 * reported: every figure of the headline, reconciliation and cohort tables
 * that tonight's night restated (late orders, corrected exports), with its
 * value before and after. Finance reads it before comparing this report
 * with last month's; an empty list is said as such.
 */
import { NA } from '../format.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import type { RestatementRow } from '../report-rows.js';
import { dataTable, figure, section } from './figure.js';

/** Rows shown; the rest are in the CSV bundle and the published table. */
const SHOWN = 40;

const value = (text: string | null): string => text ?? NA;

function changedFigures(rows: readonly RestatementRow[]): SafeHtml {
  const shown = rows.slice(0, SHOWN);
  const table = dataTable(
    shown,
    [
      { header: 'Table', cell: (r) => html`<code>${r.table_name}</code>`, numeric: false },
      { header: 'Row', cell: (r) => r.row_key, numeric: false },
      { header: 'Figure', cell: (r) => html`<code>${r.column_name}</code>`, numeric: false },
      { header: 'Before', cell: (r) => value(r.previous_value), field: 'previous_value' },
      { header: 'After', cell: (r) => value(r.new_value), field: 'new_value' },
      {
        header: 'Period was',
        cell: (r) => (r.previous_is_complete === null ? NA : r.previous_is_complete ? 'complete' : 'partial'),
        numeric: false,
      },
    ],
    (r) => ({ key: `${r.table_name}:${r.row_key}:${r.column_name}` }),
  );
  const more = rows.length - shown.length;
  return more > 0
    ? html`${table}<p class="muted">and ${more} more changed figures: every one is in <code>pipeline_restatements</code> and in the report's CSV bundle.</p>`
    : table;
}

/** The section; says "no restatements" when nothing published changed. */
function restatementSection(rows: readonly RestatementRow[]): SafeHtml {
  const previousRun = rows.find((r) => r.previous_run_id !== null)?.previous_run_id ?? null;
  const body =
    rows.length === 0
      ? html`<p class="notice" data-restatements="none"><strong>No restatements:</strong> no published figure of the headline, reconciliation or cohort tables changed since the previous published night.</p>`
      : changedFigures(rows);
  return section('restatements', 'Restatements', [
    figure('restatements-list', 'Changed since the previous published night', body, {
      shows:
        'Each figure of an already-published row that tonight’s night changed, as it was and as it is now: ' +
        'late or corrected exports restate the months they belong to. New rows (a new month) are not restatements.',
      computed: html`Tonight's tables compared with those of the previous published night${previousRun ? html` (run <code>${previousRun}</code>)` : ''}, figure by figure; decimals compared to 9 places.`,
      sources: [{ table: 'pipeline_restatements', rows: `every row: ${rows.length}` }],
    }),
  ]);
}

export { restatementSection };
