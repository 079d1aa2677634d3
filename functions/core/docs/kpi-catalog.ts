/**
 * The rows of `kpi_catalog`: every column of every documented published
 * table with the description docs/kpis.md shows (the same function writes
 * both), plus the formula, unit and grain a BI user filters on.
 */
import { columnFormula, columnUnit } from './column-semantics.js';
import { describeColumn } from './kpi-reference.js';
import type { ColumnType, DocumentedTable } from './kpi-reference.js';

/** One catalog row; field names are the catalog's column names. */
interface CatalogEntry {
  readonly table_name: string;
  readonly column_name: string;
  readonly column_position: number;
  readonly data_type: string;
  readonly description: string;
  readonly formula: string | null;
  readonly unit: string | null;
  readonly is_key: boolean;
  readonly grain: string;
  readonly table_description: string;
}

/**
 * One entry per column of each table, in column order; a table without
 * known columns contributes nothing. Types are upper-cased so DuckDB and
 * Athena (which reports `decimal(18,2)`) publish the same text.
 */
function catalogEntries(
  tables: readonly DocumentedTable[],
  schemas: ReadonlyMap<string, readonly ColumnType[]>,
  currency: string,
): CatalogEntry[] {
  return tables.flatMap((table) =>
    (schemas.get(table.name) ?? []).map((column, index) => {
      const description = describeColumn(table, column.column) ?? '';
      const type = column.type.toUpperCase();
      return {
        table_name: table.name,
        column_name: column.column,
        column_position: index + 1,
        data_type: type,
        description,
        formula: columnFormula(description),
        unit: columnUnit({ column: column.column, type, description, currency }),
        is_key: table.header.key.includes(column.column),
        grain: table.header.grain,
        table_description: table.header.purpose,
      };
    }),
  );
}

export { catalogEntries };
export type { CatalogEntry };
