/**
 * The cohort triangle as an SVG heatmap: one row per cohort, one column per
 * month since acquisition, one cell per published row. Cells of the
 * partial month are hatched, and every cell carries its numbers as a
 * tooltip and as data attributes.
 */
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { heatColor, heatTextColor } from './colors.js';
import { px } from './scale.js';
import { dataAttributes } from './svg-attrs.js';
import type { DataAttributes } from './svg-attrs.js';

interface HeatCell {
  /** Column index (months since acquisition). */
  readonly column: number;
  /** Colour value in [0, 1] (clamped); null draws an empty cell. */
  readonly value: number | null;
  readonly text: string;
  readonly title: string;
  readonly partial: boolean;
  readonly data: DataAttributes;
}

interface HeatRow {
  readonly label: string;
  readonly note: string;
  readonly cells: readonly HeatCell[];
}

interface HeatmapSpec {
  /** Unique in the document: prefixes the hatch pattern's id. */
  readonly id: string;
  readonly ariaLabel: string;
  readonly columns: number;
  readonly columnTitle: string;
  readonly rows: readonly HeatRow[];
}

const LABEL_WIDTH = 132;
const CELL_WIDTH = 38;
const CELL_HEIGHT = 19;
const HEADER = 34;

function cellMark(spec: HeatmapSpec, cell: HeatCell, rowIndex: number): SafeHtml {
  const x = LABEL_WIDTH + cell.column * CELL_WIDTH;
  const y = HEADER + rowIndex * CELL_HEIGHT;
  const fill = cell.value === null ? '#f3f4f6' : heatColor(cell.value);
  const ink = cell.value === null ? '#5b6570' : heatTextColor(cell.value);
  return html`<g class="cell${cell.partial ? ' partial' : ''}"${dataAttributes(cell.data)}>
<rect x="${px(x)}" y="${px(y)}" width="${CELL_WIDTH - 1}" height="${CELL_HEIGHT - 1}" fill="${fill}"/>${
    cell.partial
      ? html`<rect x="${px(x)}" y="${px(y)}" width="${CELL_WIDTH - 1}" height="${CELL_HEIGHT - 1}" fill="url(#${spec.id}-hatch)" stroke="#5b6570" stroke-dasharray="2 2"/>`
      : ''
  }<text x="${px(x + CELL_WIDTH / 2 - 0.5)}" y="${px(y + CELL_HEIGHT / 2 + 3.5)}" text-anchor="middle" fill="${ink}">${cell.text}</text><title>${cell.title}</title></g>`;
}

/** Renders the heatmap; its width grows with the number of columns. */
function heatmap(spec: HeatmapSpec): SafeHtml {
  const width = LABEL_WIDTH + spec.columns * CELL_WIDTH + 4;
  const height = HEADER + spec.rows.length * CELL_HEIGHT + 4;
  const columnLabels = Array.from({ length: spec.columns }, (_, i) =>
    html`<text x="${px(LABEL_WIDTH + i * CELL_WIDTH + CELL_WIDTH / 2)}" y="${HEADER - 6}" text-anchor="middle" class="axis">${i}</text>`,
  );
  const rows = spec.rows.map(
    (row, r) => html`<g class="heat-row"><text x="4" y="${px(HEADER + r * CELL_HEIGHT + CELL_HEIGHT / 2 + 3.5)}" class="row-label">${row.label}<tspan class="muted" x="${LABEL_WIDTH - 6}" text-anchor="end">${row.note}</tspan></text>${row.cells.map((c) => cellMark(spec, c, r))}</g>`,
  );
  return html`<svg class="chart heatmap" viewBox="0 0 ${width} ${height}" role="img" aria-label="${spec.ariaLabel}" style="max-width:${width}px">
<defs><pattern id="${spec.id}-hatch" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="5" stroke="#ffffff" stroke-opacity="0.7" stroke-width="2"/></pattern></defs>
<text x="${LABEL_WIDTH}" y="12" class="axis-title">${spec.columnTitle}</text>
${columnLabels}
${rows}
</svg>`;
}

export { heatmap };
export type { HeatCell, HeatmapSpec, HeatRow };
