/**
 * The frame of every chart and table in the report: a title, the content,
 * and a caption saying what it shows, how it is computed and which
 * published rows it comes from, so every number can be traced.
 */
import { html } from '../html.js';
import type { HtmlValue, SafeHtml } from '../html.js';
import type { ReportPeriod } from '../load-report-data.js';

/** What a section needs besides its rows. */
interface ReportContext {
  readonly period: ReportPeriod;
  /** ISO 4217 code every money value is in. */
  readonly currency: string;
  /** The CAC rule of thumb (config cacToClvMaxRatio): CAC <= ratio x CLV. */
  readonly cacToClvMaxRatio: number;
}

interface Caption {
  readonly shows: HtmlValue;
  readonly computed: HtmlValue;
  /** Each published table read, with the rows taken from it. */
  readonly sources: readonly { readonly table: string; readonly rows: string }[];
}

/** A titled figure with its caption; printed whole on one page. */
function figure(id: string, title: string, body: HtmlValue, caption: Caption): SafeHtml {
  const sources = caption.sources.map(
    (s, i) => html`${i > 0 ? '; ' : ''}<code>${s.table}</code> (${s.rows})`,
  );
  return html`<figure class="panel" id="${id}">
<h3>${title}</h3>
${body}
<figcaption><p><strong>Shows:</strong> ${caption.shows}</p><p><strong>Computed:</strong> ${caption.computed}</p><p><strong>Source:</strong> ${sources}</p></figcaption>
</figure>`;
}

/** A top-level part of the report with its figures. */
function section(id: string, title: string, figures: readonly HtmlValue[]): SafeHtml {
  return html`<section class="report-section" id="${id}"><h2>${title}</h2>${figures}</section>`;
}

interface Column<T> {
  readonly header: HtmlValue;
  readonly cell: (row: T) => HtmlValue;
  /** Right-aligned with tabular figures. @default true */
  readonly numeric?: boolean;
  /** data-field on each cell, for tests and tracing. */
  readonly field?: string;
}

/** A plain table; numbers right-aligned. */
function dataTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  rowAttributes: (row: T) => { readonly className?: string; readonly key?: string } = () => ({}),
): SafeHtml {
  const head = columns.map((c) => html`<th class="${c.numeric === false ? 'text' : 'num'}">${c.header}</th>`);
  const body = rows.map((row) => {
    const { className, key } = rowAttributes(row);
    const cells = columns.map(
      (c) =>
        html`<td class="${c.numeric === false ? 'text' : 'num'}"${c.field ? html` data-field="${c.field}"` : ''}>${c.cell(row)}</td>`,
    );
    return html`<tr${className ? html` class="${className}"` : ''}${key ? html` data-key="${key}"` : ''}>${cells}</tr>`;
  });
  return html`<table class="data"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** An empty-state line used where a table has no rows for the period. */
function noRows(what: string): SafeHtml {
  return html`<p class="empty">No ${what} published for this period.</p>`;
}

export { dataTable, figure, noRows, section };
export type { Caption, Column, ReportContext };
