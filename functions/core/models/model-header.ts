/**
 * Reads the header comment every SQL model starts with. The header is the
 * model's documentation: it reaches docs/kpis.md and the catalog comments,
 * so it is parsed, not just present.
 *
 * Format (leading `--` lines):
 *   -- <name>: one-sentence purpose (may continue on following lines)
 *   -- grain: one row per ...
 *   -- key: col_a, col_b
 *   -- columns:
 *   --   col_a: meaning (formula)
 */
import { ModelGraphError } from '../errors.js';

interface ModelHeader {
  readonly purpose: string;
  readonly grain: string;
  readonly key: readonly string[];
  readonly columns: ReadonlyMap<string, string>;
}

/** The leading comment lines of a file, without their `--` markers. */
function headerLines(sql: string): string[] {
  const lines: string[] = [];
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('--')) break;
    lines.push(trimmed.replace(/^--\s?/, ''));
  }
  return lines;
}

/** Parses the header; throws naming the file when grain or key is missing. */
function parseModelHeader(sql: string, file: string): ModelHeader {
  const purpose: string[] = [];
  const columns = new Map<string, string>();
  let grain = '';
  let key: string[] = [];
  let section: 'purpose' | 'columns' | 'other' = 'purpose';
  let lastColumn: string | null = null;
  for (const line of headerLines(sql)) {
    const field = /^(grain|key|columns|depends on):\s*(.*)$/i.exec(line);
    if (field) {
      const name = (field[1] ?? '').toLowerCase();
      const value = (field[2] ?? '').trim();
      if (name === 'grain') grain = value;
      if (name === 'key') key = value.split(',').map((k) => k.trim()).filter(Boolean);
      section = name === 'columns' ? 'columns' : 'other';
      continue;
    }
    if (section === 'purpose') {
      purpose.push(line.replace(/^[a-z0-9_]+:\s*/, ''));
    } else if (section === 'columns') {
      const column = /^\s+([a-z_][a-z0-9_]*):\s*(.*)$/.exec(line);
      if (column?.[1]) {
        lastColumn = column[1];
        columns.set(column[1], (column[2] ?? '').trim());
      } else if (lastColumn && line.trim()) {
        columns.set(lastColumn, `${columns.get(lastColumn) ?? ''} ${line.trim()}`);
      }
    }
  }
  if (!grain) throw new ModelGraphError(`${file}: header has no "grain:" line`);
  if (key.length === 0) throw new ModelGraphError(`${file}: header has no "key:" line`);
  return { purpose: purpose.join(' ').trim(), grain, key, columns };
}

export { headerLines, parseModelHeader };
export type { ModelHeader };
