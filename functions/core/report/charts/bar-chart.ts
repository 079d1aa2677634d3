/**
 * Horizontal bars per row (one or more bars each, around a zero line),
 * with an optional marker per row such as the CAC limit of 10% of CLV.
 */
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { COLORS } from './colors.js';
import { linearScale, niceTicks, px } from './scale.js';
import { dataAttributes } from './svg-attrs.js';
import type { DataAttributes } from './svg-attrs.js';

interface Bar {
  /** null draws no bar, only the text (e.g. "–"). */
  readonly value: number | null;
  readonly color: string;
  readonly text: string;
  readonly title: string;
  readonly data?: DataAttributes;
}

interface BarRow {
  readonly label: string;
  readonly bars: readonly Bar[];
  /** A reference value drawn as a tick across the row. */
  readonly marker?: { readonly value: number; readonly title: string };
  /** Bold label, e.g. the blended 'all' row. @default false */
  readonly emphasis?: boolean;
}

interface BarChartSpec {
  readonly ariaLabel: string;
  readonly rows: readonly BarRow[];
  readonly formatTick: (value: number) => string;
}

const WIDTH = 760;
const LABEL = 128;
const RIGHT = 30;
const TOP = 8;
const AXIS = 22;
const BAR = 13;
const GAP = 9;
/** Characters of a row label that fit left of the bars; longer ones end in … */
const MAX_LABEL = 18;

/** Renders the chart; its height grows with the rows. */
function barChart(spec: BarChartSpec): SafeHtml {
  const values = spec.rows.flatMap((r) => [
    ...r.bars.map((b) => b.value).filter((v): v is number => v !== null),
    ...(r.marker ? [r.marker.value] : []),
  ]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  // Room for the value text beside the longest bars.
  const pad = (hi - lo || 1) * 0.22;
  const ticks = niceTicks(lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0, 5);
  const x = linearScale([ticks[0] ?? 0, ticks.at(-1) ?? 1], [LABEL, WIDTH - RIGHT]);
  let top = TOP;
  const rows = spec.rows.map((row) => {
    const rowTop = top;
    const rowHeight = row.bars.length * BAR + GAP;
    top += rowHeight;
    const bars = row.bars.map((bar, i) => {
      const y = rowTop + i * BAR;
      const end = x(bar.value ?? 0);
      const start = x(0);
      const negative = (bar.value ?? 0) < 0;
      // Beside the bar, clear of the row's marker.
      const marker = row.marker && !negative ? x(row.marker.value) + 3 : -Infinity;
      const textX = negative ? Math.min(start, end) - 4 : Math.max(start, end, marker) + 4;
      return html`<g class="bar"${dataAttributes(bar.data ?? {})}>${
        bar.value === null
          ? ''
          : html`<rect x="${px(Math.min(start, end))}" y="${px(y)}" width="${px(Math.max(0.5, Math.abs(end - start)))}" height="${BAR - 2}" fill="${bar.color}"/>`
      }<text x="${px(textX)}" y="${px(y + BAR / 2 + 2.5)}" text-anchor="${negative ? 'end' : 'start'}" class="value">${bar.text}</text><title>${bar.title}</title></g>`;
    });
    const marker = row.marker
      ? html`<g class="marker"><line x1="${px(x(row.marker.value))}" x2="${px(x(row.marker.value))}" y1="${px(rowTop - 2)}" y2="${px(rowTop + row.bars.length * BAR)}" stroke="${COLORS.text}" stroke-width="2"/><title>${row.marker.title}</title></g>`
      : '';
    const label = row.label.length > MAX_LABEL ? `${row.label.slice(0, MAX_LABEL - 1)}…` : row.label;
    return html`<text x="${LABEL - 8}" y="${px(rowTop + (row.bars.length * BAR) / 2 + 3)}" text-anchor="end" class="${row.emphasis ? 'row-label strong' : 'row-label'}">${label}<title>${row.label}</title></text>${bars}${marker}`;
  });
  const height = top + AXIS;
  const grid = ticks.map(
    (t) => html`<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${TOP - 4}" y2="${top}"/><text class="axis" x="${px(x(t))}" y="${top + 14}" text-anchor="middle">${spec.formatTick(t)}</text>`,
  );
  return html`<svg class="chart bar-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${spec.ariaLabel}" style="max-width:${WIDTH}px">
${grid}<line x1="${px(x(0))}" x2="${px(x(0))}" y1="${TOP - 4}" y2="${top}" stroke="${COLORS.axis}"/>
${rows}
</svg>`;
}

export { barChart };
export type { Bar, BarChartSpec, BarRow };
