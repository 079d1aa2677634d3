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
 *   --     continued on lines indented by four spaces
 *   -- Notes after the column list apply to the whole model.
 */
import { ModelGraphError } from '../errors.js';

interface ModelHeader {
  readonly purpose: string;
  readonly grain: string;
  readonly key: readonly string[];
  readonly columns: ReadonlyMap<string, string>;
  /** Lines after the column list: rules and caveats of the whole model. */
  readonly notes: string;
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

const FIELD = /^(grain|key|columns|depends on):\s*(.*)$/i;
/**
 * `  name: meaning` (two spaces) starts a column; four or more continue it.
 * A name may hold a `<placeholder>` standing for a family of columns, such
 * as `<figure>_change`.
 */
const COLUMN = /^ {2}([a-z_<][a-z0-9_<>]*):\s*(.*)$/;
const CONTINUATION = /^ {4,}\S/;

/**
 * Parses the header; throws naming the file when grain or key is missing.
 * Field values may continue on lines indented by two or more spaces.
 */
function parseModelHeader(sql: string, file: string): ModelHeader {
  const fields = new Map<string, string>();
  const purpose: string[] = [];
  const notes: string[] = [];
  const columns = new Map<string, string>();
  let section: 'purpose' | 'field' | 'columns' | 'notes' = 'purpose';
  let field = '';
  let column = '';
  const append = (text: string, more: string): string => `${text} ${more.trim()}`.trim();
  for (const line of headerLines(sql)) {
    const fieldMatch = FIELD.exec(line);
    const columnMatch = COLUMN.exec(line);
    if (fieldMatch) {
      field = (fieldMatch[1] ?? '').toLowerCase();
      fields.set(field, (fieldMatch[2] ?? '').trim());
      section = field === 'columns' ? 'columns' : 'field';
    } else if (section === 'columns' && columnMatch?.[1]) {
      column = columnMatch[1];
      columns.set(column, (columnMatch[2] ?? '').trim());
    } else if (section === 'columns' && column && CONTINUATION.test(line)) {
      columns.set(column, append(columns.get(column) ?? '', line));
    } else if (section === 'field' && /^ {2,}\S/.test(line)) {
      fields.set(field, append(fields.get(field) ?? '', line));
    } else if (section === 'purpose') {
      purpose.push(purpose.length === 0 ? line.replace(/^[a-z0-9_]+:\s*/, '') : line);
    } else if (line.trim()) {
      section = 'notes';
      notes.push(line.trim());
    }
  }
  const grain = fields.get('grain') ?? '';
  const key = (fields.get('key') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (!grain) throw new ModelGraphError(`${file}: header has no "grain:" line`);
  if (key.length === 0) throw new ModelGraphError(`${file}: header has no "key:" line`);
  return {
    purpose: purpose.join(' ').replace(/\s+/g, ' ').trim(),
    grain,
    key,
    columns,
    notes: notes.join(' '),
  };
}

export { headerLines, parseModelHeader };
export type { ModelHeader };
