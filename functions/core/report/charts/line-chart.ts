/**
 * A monthly trend as an SVG line chart: gridlines at round values, a label
 * every third month, and the partial month drawn apart (hatched band,
 * dashed line into it, hollow point) so nobody reads it as a full month.
 */
import { formatMonthShort } from '../format.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { COLORS } from './colors.js';
import { linearScale, niceTicks, px } from './scale.js';

interface LineSeries {
  readonly name: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
}

interface LineChartSpec {
  readonly ariaLabel: string;
  /** First days of the months on the x axis, oldest first. */
  readonly months: readonly string[];
  /** Per month: the partial month of the export date. */
  readonly partial: readonly boolean[];
  readonly series: readonly LineSeries[];
  readonly formatTick: (value: number) => string;
  readonly formatValue: (value: number) => string;
  /** Values the y axis must show, such as 0. @default [] */
  readonly include?: readonly number[];
  /**
   * A fixed scale (a 1-7 score): the axis runs exactly from the first to the
   * last and ticks every whole number between. @default nice ticks around the values
   */
  readonly scale?: readonly [number, number];
  /** Drawing width in CSS pixels; the chart never grows beyond it. @default 640 */
  readonly width?: number;
}

const HEIGHT = 220;
const MARGIN = { left: 58, right: 30, top: 18, bottom: 28 } as const;
/** Room one month label needs, in pixels. */
const LABEL_ROOM = 56;

function segments(points: readonly ({ x: number; y: number; partial: boolean } | null)[]): SafeHtml[] {
  const out: SafeHtml[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (!a || !b) continue;
    const dashed = a.partial || b.partial;
    out.push(
      html`<line x1="${px(a.x)}" y1="${px(a.y)}" x2="${px(b.x)}" y2="${px(b.y)}"${dashed ? html` stroke-dasharray="4 3"` : ''}/>`,
    );
  }
  return out;
}

/** Renders the chart; series values align with `months`. */
function lineChart(spec: LineChartSpec): SafeHtml {
  const n = spec.months.length;
  const WIDTH = spec.width ?? 640;
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const all = [...values, ...(spec.include ?? [])];
  const ticks = spec.scale
    ? Array.from({ length: spec.scale[1] - spec.scale[0] + 1 }, (_, i) => (spec.scale?.[0] ?? 0) + i)
    : niceTicks(all.length ? Math.min(...all) : 0, all.length ? Math.max(...all) : 1);
  const y = linearScale([ticks[0] ?? 0, ticks.at(-1) ?? 1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const step = n > 1 ? (WIDTH - MARGIN.left - MARGIN.right) / (n - 1) : 0;
  const x = (i: number): number => (n > 1 ? MARGIN.left + i * step : (WIDTH + MARGIN.left) / 2);
  const grid = ticks.map(
    (t) => html`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${px(y(t))}" y2="${px(y(t))}"/><text class="axis" x="${MARGIN.left - 6}" y="${px(y(t) + 3.5)}" text-anchor="end">${spec.formatTick(t)}</text>`,
  );
  // Every 3rd, 6th or 12th month, counted back from the latest, as room allows.
  const every = [3, 6, 12].find((k) => k * step >= LABEL_ROOM) ?? 12;
  const labels = spec.months.map((m, i) =>
    (n - 1 - i) % every === 0
      ? html`<text class="axis" x="${px(x(i))}" y="${HEIGHT - 8}" text-anchor="middle">${formatMonthShort(m)}</text>`
      : '',
  );
  const band = Math.max(step, 16);
  const bands = spec.partial.map((p, i) =>
    p
      ? html`<rect class="partial-band" x="${px(x(i) - band / 2)}" y="${MARGIN.top}" width="${px(band)}" height="${HEIGHT - MARGIN.top - MARGIN.bottom}"/><text class="axis" x="${px(Math.min(x(i) + band / 2, WIDTH - 2))}" y="${MARGIN.top - 5}" text-anchor="end">partial</text>`
      : '',
  );
  const lines = spec.series.map((s) => {
    const points = s.values.map((v, i) =>
      v === null ? null : { x: x(i), y: y(v), partial: spec.partial[i] ?? false },
    );
    const marks = points.map((p, i) =>
      p
        ? html`<circle class="point" cx="${px(p.x)}" cy="${px(p.y)}" r="2.6" fill="${p.partial ? '#ffffff' : s.color}" data-series="${s.name}" data-month="${spec.months[i] ?? ''}" data-value="${String(s.values[i])}"><title>${s.name}, ${formatMonthShort(spec.months[i] ?? '')}${p.partial ? ' (partial)' : ''}: ${spec.formatValue(s.values[i] ?? 0)}</title></circle>`
        : '',
    );
    return html`<g class="series" stroke="${s.color}" fill="none" stroke-width="1.8">${segments(points)}</g><g stroke="${s.color}" stroke-width="1.4">${marks}</g>`;
  });
  const zero = (ticks[0] ?? 0) < 0 && (ticks.at(-1) ?? 0) > 0
    ? html`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${px(y(0))}" y2="${px(y(0))}" stroke="${COLORS.axis}"/>`
    : '';
  // Two lines or more need a key to tell them apart, in print too (no colour names in captions).
  const legend =
    spec.series.length > 1
      ? html`<div class="legend">${spec.series.map((s) => html`<span class="swatch" style="background:${s.color}"></span>${s.name} `)}</div>`
      : '';
  return html`${legend}<svg class="chart line-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${spec.ariaLabel}" style="max-width:${WIDTH}px">
${bands}${grid}${zero}${labels}${lines}
</svg>`;
}

export { lineChart };
export type { LineChartSpec, LineSeries };
