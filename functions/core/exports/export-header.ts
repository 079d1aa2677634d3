/**
 * An export's header (a CSV header line, or the keys of JSON Lines) matched
 * to the contract: names trimmed and of any case, unknown names kept to be
 * reported, required columns that are missing named. Every engine reads a
 * file's columns through this one rule.
 */
import type { EntitySpec } from '../contract/entities.js';

/** How the file's own columns map onto the contract. */
interface ColumnMapping {
  /**
   * contract column -> the file's names for it. A CSV header uses the first;
   * JSON Lines keys may differ in case from line to line, so all count.
   */
  readonly found: ReadonlyMap<string, readonly string[]>;
  readonly missingRequired: readonly string[];
  readonly unknown: readonly string[];
}

/** A header name or JSON key as shown to people: NUL made visible. */
function visibleName(name: string): string {
  return name.replaceAll('\u0000', '\uFFFD');
}

/** Matches header names (trimmed, any case) to the entity's columns. */
function mapColumns(entity: EntitySpec, header: readonly string[]): ColumnMapping {
  const found = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const name of header) {
    const normal = name.trim().toLowerCase();
    const column = entity.columns.find((c) => c.name === normal);
    if (column) found.set(column.name, [...(found.get(column.name) ?? []), name]);
    else unknown.push(name);
  }
  const missingRequired = entity.columns
    .filter((c) => c.required && !found.has(c.name))
    .map((c) => c.name);
  return { found, missingRequired, unknown };
}

/**
 * Splits one CSV header line (RFC 4180 quoting, optional BOM). Only the
 * header is split here; every data row is parsed by DuckDB.
 */
function splitHeaderLine(line: string): string[] {
  const text = line.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      names.push(current);
      current = '';
    } else current += c;
  }
  names.push(current);
  return names.map(visibleName);
}

export { mapColumns, splitHeaderLine, visibleName };
export type { ColumnMapping };
