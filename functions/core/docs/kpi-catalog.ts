/**
 * The rows of `kpi_catalog`: every column of every documented published
 * table with the description docs/kpis.md shows (the same function writes
 * both), plus the formula, unit and grain a BI user filters on.
 */
import type { Model } from '../models/model-graph.js';
import { CATALOG_COLUMNS, KPI_CATALOG } from './catalog-table.js';
import { columnFormula, columnUnit } from './column-semantics.js';
import { describeColumn, documentedTables } from './kpi-reference.js';
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

/** Columns every KPI row carries (build-plan appends them). */
const RUN_COLUMN_TYPES: readonly ColumnType[] = [
  { column: 'as_of', type: 'DATE' },
  { column: 'run_id', type: 'VARCHAR' },
];

/** The tables whose built column types the catalog needs (all but itself). */
const catalogedTables = (models: readonly Model[]): string[] =>
  documentedTables(models)
    .map((t) => t.name)
    .filter((name) => name !== KPI_CATALOG);

/**
 * The catalog's rows from the built column types of `catalogedTables`
 * (by table name) plus its own columns. Both engines publish these rows:
 * DuckDB reads the types from information_schema
 * (duckdb/night/publish-catalog.ts), Athena from Glue (aws/kpi-catalog-object.ts).
 */
function kpiCatalogEntries(
  models: readonly Model[],
  builtTypes: ReadonlyMap<string, readonly ColumnType[]>,
  currency: string,
): CatalogEntry[] {
  const schemas = new Map(builtTypes);
  schemas.set(KPI_CATALOG, [
    ...CATALOG_COLUMNS.map((c) => ({ column: c.name, type: c.type })),
    ...RUN_COLUMN_TYPES,
  ]);
  return catalogEntries(documentedTables(models), schemas, currency);
}

export { catalogedTables, catalogEntries, kpiCatalogEntries };
export type { CatalogEntry };
