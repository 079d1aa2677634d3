/**
 * Value-for-value comparison of one published table as two engines built
 * it. Rows are matched by the table's key (or, without one, by all their
 * compared values), then compared cell by cell, each by its type's rule:
 * integers, DECIMAL, text, booleans, dates and timestamps exactly (DECIMAL
 * by its digits, so 12.5 equals 12.50 but never 12.500001); DOUBLE within
 * 1e-12 relative; NULL only against NULL. Columns in one table only, or of
 * another type family, are differences too.
 */

/** A cell as an engine returned it (engine.ts Row values). */
type Cell = string | number | boolean | null;

/** One engine's copy of a table. */
interface TableSide {
  /** Column name -> SQL type as the engine names it (`DECIMAL(18,2)`, `bigint`). */
  readonly columns: ReadonlyMap<string, string>;
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

interface CompareOptions {
  /** Columns identifying a row; empty: the whole row is its identity. */
  readonly key: readonly string[];
  /** Columns that differ by design between engines, left out. */
  readonly ignore?: readonly string[];
}

/** One difference, as the parity report prints it. */
interface Difference {
  readonly key: string;
  readonly column: string;
  readonly left: string;
  readonly right: string;
}

interface TableComparison {
  readonly rowsLeft: number;
  readonly rowsRight: number;
  /** Differing cells, plus every cell of a row only one side has, plus schema differences. */
  readonly differingValues: number;
  readonly differences: readonly Difference[];
}

/** Relative tolerance of DOUBLE cells. */
const DOUBLE_TOLERANCE = 1e-12;

type Family = 'integer' | 'decimal' | 'double' | 'text' | 'boolean' | 'date' | 'timestamp';

/** The comparison rule of an engine's type name. */
function familyOf(type: string): Family {
  const t = type.trim().toLowerCase();
  if (/^(tinyint|smallint|integer|int|bigint|hugeint|ubigint|uinteger)$/.test(t)) return 'integer';
  if (t.startsWith('decimal')) return 'decimal';
  if (/^(double|real|float)$/.test(t)) return 'double';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  if (t.startsWith('timestamp')) return 'timestamp';
  return 'text';
}

/** A DECIMAL's digits without insignificant zeros: '12.50' -> '12.5', '-0.00' -> '0'. */
function canonicalDecimal(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return `not a decimal: ${text}`;
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const digits = fraction ? `${whole}.${fraction}` : whole;
  return digits === '0' ? '0' : `${m[1] === '-' ? '-' : ''}${digits}`;
}

/** A timestamp as `YYYY-MM-DD HH:MM:SS.fff` (engines print 0 to 6 fraction digits). */
function canonicalTimestamp(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(text);
  if (!m) return text;
  return `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}${(m[3] ?? '').slice(3).replace(/0+$/, '')}`;
}

/** The comparable form of a cell; doubles stay numbers for the tolerance. */
function canonical(cell: Cell, family: Family): string | number | null {
  if (cell === null) return null;
  switch (family) {
    case 'integer':
      return String(BigInt(typeof cell === 'number' ? Math.trunc(cell) : String(cell)));
    case 'decimal':
      return canonicalDecimal(String(cell));
    case 'double':
      return typeof cell === 'number' ? cell : Number(cell);
    case 'boolean':
      return String(cell === true || cell === 'true');
    case 'date':
      return String(cell).slice(0, 10);
    case 'timestamp':
      return canonicalTimestamp(String(cell));
    case 'text':
      return String(cell);
  }
}

function sameValue(a: string | number | null, b: string | number | null): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (a === b) return true;
    return Math.abs(a - b) <= DOUBLE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}

const shown = (v: string | number | null): string => (v === null ? 'NULL' : String(v));

/** Compares two copies of a table; `left` and `right` are the two engines. */
function compareTables(left: TableSide, right: TableSide, options: CompareOptions): TableComparison {
  const ignore = new Set(options.ignore ?? []);
  const differences: Difference[] = [];
  const columns: { name: string; family: Family }[] = [];
  for (const [name, type] of left.columns) {
    if (ignore.has(name)) continue;
    const other = right.columns.get(name);
    if (other === undefined) {
      differences.push({ key: '(schema)', column: name, left: type, right: 'no such column' });
    } else if (familyOf(type) !== familyOf(other)) {
      differences.push({ key: '(schema)', column: name, left: type, right: other });
    } else {
      columns.push({ name, family: familyOf(type) });
    }
  }
  for (const [name, type] of right.columns) {
    if (!ignore.has(name) && !left.columns.has(name)) {
      differences.push({ key: '(schema)', column: name, left: 'no such column', right: type });
    }
  }
  const keyColumns = options.key.length > 0 ? columns.filter((c) => options.key.includes(c.name)) : columns;
  const prepare = (rows: TableSide['rows']) => {
    const byKey = new Map<string, (string | number | null)[][]>();
    for (const row of rows) {
      const values = columns.map((c) => canonical(row[c.name] ?? null, c.family));
      const key = JSON.stringify(keyColumns.map((c) => values[columns.indexOf(c)] ?? null));
      byKey.set(key, [...(byKey.get(key) ?? []), values]);
    }
    return byKey;
  };
  const leftRows = prepare(left.rows);
  const rightRows = prepare(right.rows);
  let differingValues = differences.length;
  for (const key of new Set([...leftRows.keys(), ...rightRows.keys()])) {
    const a = leftRows.get(key) ?? [];
    const b = rightRows.get(key) ?? [];
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      const x = a[i];
      const y = b[i];
      if (!x || !y) {
        differingValues += columns.length;
        differences.push({ key, column: '(row)', left: x ? 'present' : 'missing', right: y ? 'present' : 'missing' });
        continue;
      }
      columns.forEach((c, j) => {
        if (!sameValue(x[j] ?? null, y[j] ?? null)) {
          differingValues += 1;
          differences.push({ key, column: c.name, left: shown(x[j] ?? null), right: shown(y[j] ?? null) });
        }
      });
    }
  }
  return { rowsLeft: left.rows.length, rowsRight: right.rows.length, differingValues, differences };
}

export { canonicalDecimal, compareTables, DOUBLE_TOLERANCE, familyOf };
export type { Cell, CompareOptions, Difference, TableComparison, TableSide };
