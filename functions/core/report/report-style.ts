/**
 * The report's one stylesheet, inline in the page: system fonts only, A4
 * landscape pages in print with no figure cut across a page break, and a
 * centred column readable on a laptop screen.
 */
import { trustedHtml } from './html.js';
import type { SafeHtml } from './html.js';

const CSS = `
:root { --text: #1b1f24; --muted: #5b6570; --line: #d8dde3; --bg: #f5f6f8; --panel: #ffffff;
  --primary: #1f5f99; --good: #2e7d32; --bad: #b3261e; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--primary); }
h3 { font-size: 15px; margin: 0 0 8px; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef1f4; padding: 0 3px; border-radius: 3px; }
.eyebrow { text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--muted); }
.meta { margin: 2px 0 8px; color: var(--muted); }
.notice { background: #fff8e1; border: 1px solid #ecd28a; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
nav.toc { font-size: 13px; margin: 8px 0 0; }
nav.toc a { color: var(--primary); margin-right: 14px; text-decoration: none; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; margin: 0 0 16px;
  break-inside: avoid; page-break-inside: avoid; }
figcaption { margin-top: 10px; padding-top: 8px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
figcaption p { margin: 2px 0; }
figcaption strong { color: var(--text); }
.tiles { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 10px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 9px 12px 6px; }
.tile-label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.tile-value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.tile-change { font-size: 12.5px; font-variant-numeric: tabular-nums; }
.good { color: var(--good); }
.bad { color: var(--bad); }
.flat, .muted { color: var(--muted); }
.sparkline { display: block; width: 100%; height: 34px; margin-top: 4px; }
svg.chart { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; }
svg .axis { fill: var(--muted); font-size: 10px; }
svg .axis-title { fill: var(--muted); font-size: 11px; }
svg .grid { stroke: #e2e6ea; }
svg .row-label { fill: var(--text); font-size: 10.5px; }
svg .row-label.strong { font-weight: 700; }
svg .row-label .muted { fill: var(--muted); font-size: 9.5px; }
svg .value { fill: var(--text); font-size: 10px; }
svg.heatmap .cell text { font-size: 9.5px; }
svg .partial-band { fill: #eceff3; }
.legend { font-size: 12px; color: var(--muted); margin-bottom: 4px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; vertical-align: -1px; }
table.data { border-collapse: collapse; width: 100%; margin-top: 10px; font-size: 12.5px; font-variant-numeric: tabular-nums; }
table.data th, table.data td { padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.data thead th { border-bottom: 2px solid var(--text); font-weight: 600; vertical-align: bottom; }
table.data tbody th { font-weight: 500; }
.num { text-align: right; }
.text { text-align: left; }
tr.total td, tr.total th { font-weight: 700; border-top: 2px solid var(--text); }
tr.identity-row td, tr.identity-row th { background: #f3f8f3; }
.identity { white-space: nowrap; font-size: 12px; }
.empty { color: var(--muted); font-style: italic; }
.grid-3 { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 14px; margin-bottom: 16px; }
.grid-3 > .panel { margin: 0; }
footer { margin-top: 24px; font-size: 12px; color: var(--muted); }
@media (max-width: 1100px) { .tiles { grid-template-columns: repeat(4, minmax(0, 1fr)); } }
@media (max-width: 900px) { .grid-3 { grid-template-columns: 1fr; } main { padding: 12px; } }
@media (max-width: 640px) { .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { background: #ffffff; font-size: 11.5px; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  .report-section + .report-section { break-before: page; page-break-before: always; }
  h2 { margin-top: 0; break-after: avoid; page-break-after: avoid; }
  .panel { border-color: #c9ced4; margin-bottom: 10px; }
}
`;

/** The stylesheet as a `<style>` element. */
function reportStyle(): SafeHtml {
  return trustedHtml(`<style>${CSS}</style>`);
}

export { reportStyle };
