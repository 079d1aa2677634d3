import { describe, expect, it } from 'vitest';
import { canonicalDecimal, compareTables, familyOf } from '../../functions/core/parity/compare-tables.js';
import type { TableSide } from '../../functions/core/parity/compare-tables.js';

const duckColumns = new Map([
  ['month', 'DATE'],
  ['segment', 'VARCHAR'],
  ['customers', 'BIGINT'],
  ['revenue', 'DECIMAL(18,2)'],
  ['rate', 'DOUBLE'],
  ['run_id', 'VARCHAR'],
]);
const trinoColumns = new Map([
  ['month', 'date'],
  ['segment', 'varchar'],
  ['customers', 'bigint'],
  ['revenue', 'decimal(18,2)'],
  ['rate', 'double'],
  ['run_id', 'varchar'],
]);

const duck = (rows: TableSide['rows']): TableSide => ({ columns: duckColumns, rows });
const trino = (rows: TableSide['rows']): TableSide => ({ columns: trinoColumns, rows });
const row = (over: Record<string, string | number | boolean | null> = {}) => ({
  month: '2026-01-01',
  segment: 'smb',
  customers: '3',
  revenue: '12.50',
  rate: 1 / 3,
  run_id: 'a',
  ...over,
});
const options = { key: ['month', 'segment'], ignore: ['run_id'] };

describe('Function: compareTables', () => {
  it('finds nothing between equal tables whose engines spell values differently', () => {
    // Prepare: BIGINT as string vs number, 12.50 vs 12.5, a date vs a timestamp-like date, other run ids.
    const left = duck([row(), row({ segment: 'all', rate: null })]);
    const right = trino([
      row({ segment: 'all', rate: null, customers: 3, run_id: 'b' }),
      row({ customers: 3, revenue: '12.5', rate: 0.3333333333333333, run_id: 'b' }),
    ]);

    // Act
    const result = compareTables(left, right, options);

    // Assess
    expect(result).toEqual({ rowsLeft: 2, rowsRight: 2, differingValues: 0, differences: [] });
  });

  it.each([
    ['a cent of DECIMAL', { revenue: '12.51' }, 'revenue', '12.5', '12.51'],
    ['a DOUBLE beyond 1e-12 relative', { rate: 1 / 3 + 1e-9 }, 'rate', String(1 / 3), String(1 / 3 + 1e-9)],
    ['another count', { customers: 0 }, 'customers', '3', '0'],
    ['NULL against a value', { rate: null }, 'rate', String(1 / 3), 'NULL'],
  ])('counts %s as a differing value', (_label, over, column, left, right) => {
    // Act
    const result = compareTables(duck([row()]), trino([row(over)]), options);

    // Assess
    expect(result.differingValues).toBe(1);
    expect(result.differences).toEqual([{ key: '["2026-01-01","smb"]', column, left, right }]);
  });

  it('never matches NULL with 0', () => {
    // Act
    const result = compareTables(duck([row({ customers: null })]), trino([row({ customers: 0 })]), options);

    // Assess
    expect(result.differences).toEqual([{ key: '["2026-01-01","smb"]', column: 'customers', left: 'NULL', right: '0' }]);
  });

  it('tolerates a DOUBLE within 1e-12 relative', () => {
    // Act
    const result = compareTables(duck([row({ rate: 1000 })]), trino([row({ rate: 1000 * (1 + 5e-13) })]), options);

    // Assess
    expect(result.differingValues).toBe(0);
  });

  it('counts every cell of a row one engine lacks, and schema differences', () => {
    // Prepare
    const right: TableSide = { columns: new Map([...trinoColumns, ['extra', 'integer']]), rows: [] };

    // Act
    const result = compareTables(duck([row()]), right, options);

    // Assess: 5 compared columns of the missing row, plus the extra column.
    expect(result.differingValues).toBe(6);
    expect(result.differences.map((d) => d.column)).toEqual(['extra', '(row)']);
  });

  it('treats a type of another family as a difference', () => {
    // Act
    const result = compareTables(
      duck([]),
      { columns: new Map([...trinoColumns, ['revenue', 'double']]), rows: [] },
      options,
    );

    // Assess
    expect(result.differences).toEqual([{ key: '(schema)', column: 'revenue', left: 'DECIMAL(18,2)', right: 'double' }]);
  });
});

describe('Function: canonicalDecimal and familyOf', () => {
  it.each([
    ['12.50', '12.5'],
    ['-0.00', '0'],
    ['007.10', '7.1'],
    ['-3', '-3'],
    ['100', '100'],
  ])('reads %s as %s', (text, digits) => {
    expect(canonicalDecimal(text)).toBe(digits);
  });

  it.each([
    ['DECIMAL(18,2)', 'decimal'],
    ['bigint', 'integer'],
    ['INTEGER', 'integer'],
    ['DOUBLE', 'double'],
    ['timestamp(3)', 'timestamp'],
    ['TIMESTAMP', 'timestamp'],
    ['varchar', 'text'],
  ])('files %s under %s', (type, family) => {
    expect(familyOf(type)).toBe(family);
  });
});
