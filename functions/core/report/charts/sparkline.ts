/**
 * The small trend line under a headline figure: no axes, complete months
 * only (a few days of a partial month would squash the scale), the latest
 * one as a dot.
 */
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { COLORS } from './colors.js';
import { linearScale, px } from './scale.js';

const WIDTH = 150;
const HEIGHT = 34;
const PAD = 4;

/** `values` oldest first, one per complete month. */
function sparkline(values: readonly (number | null)[], label: string): SafeHtml {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return html`<span class="muted">no data</span>`;
  const y = linearScale([Math.min(...known), Math.max(...known)], [HEIGHT - PAD, PAD]);
  const x = linearScale([0, Math.max(1, values.length - 1)], [PAD, WIDTH - PAD]);
  const lines: SafeHtml[] = [];
  let previous: number | null = null;
  values.forEach((v, i) => {
    if (v !== null && previous !== null) {
      lines.push(html`<line x1="${px(x(i - 1))}" y1="${px(y(previous))}" x2="${px(x(i))}" y2="${px(y(v))}"/>`);
    }
    previous = v;
  });
  const last = values.length - 1;
  const latest = values[last];
  const dot = latest === null || latest === undefined ? '' : html`<circle cx="${px(x(last))}" cy="${px(y(latest))}" r="2.4" fill="${COLORS.primary}"/>`;
  return html`<svg class="sparkline" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${label}"><g stroke="${COLORS.primary}" stroke-width="1.5" fill="none">${lines}</g>${dot}</svg>`;
}

export { sparkline };
