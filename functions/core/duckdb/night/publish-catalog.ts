/**
 * Builds `kpi_catalog` beside the KPI models of a night, so it is published
 * with them in the same step: the catalog always describes the tables it is
 * published with, with the types they were actually built with.
 */
import { CATALOG_COLUMNS, KPI_CATALOG } from '../../docs/catalog-table.js';
import { catalogedTables, kpiCatalogEntries } from '../../docs/kpi-catalog.js';
import type { CatalogEntry } from '../../docs/kpi-catalog.js';
import type { ColumnType } from '../../docs/kpi-reference.js';
import type { Engine } from '../../engine/engine.js';
import { sqlString } from '../../sql/sql-text.js';
import type { Model } from '../../models/model-graph.js';
import { BUILD, buildTable } from './build-plan.js';
import { tablesOf } from './published-tables.js';

/**
 * Columns of the named tables of one schema, in column order, through
 * information_schema (DuckDB and Athena both have it).
 */
async function columnTypes(
  engine: Engine,
  area: string,
  tables: readonly string[],
): Promise<Map<string, ColumnType[]>> {
  const types = new Map<string, ColumnType[]>(tables.map((t) => [t, []]));
  if (tables.length === 0) return types;
  const rows = await engine.query(
    'SELECT table_name, column_name, data_type FROM information_schema.columns ' +
      `WHERE ${tablesOf(area)} ` +
      `AND table_name IN (${tables.map(sqlString).join(', ')}) ` +
      'ORDER BY table_name, ordinal_position',
  );
  for (const row of rows) {
    types.get(String(row.table_name))?.push({
      column: String(row.column_name),
      type: String(row.data_type),
    });
  }
  return types;
}

function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer: ${value}`);
  return String(value);
}

/** A SELECT of the entries with every column cast to its declared type. */
function catalogSelect(entries: readonly CatalogEntry[], runId: string, asOf: string): string {
  const names = CATALOG_COLUMNS.map((c) => c.name);
  const values = entries
    .map((e) => `(${names.map((n) => literal(e[n])).join(', ')})`)
    .join(',\n');
  const casts = CATALOG_COLUMNS.map((c) => `CAST(${c.name} AS ${c.type}) AS ${c.name}`);
  return (
    `SELECT ${casts.join(', ')}, DATE ${sqlString(asOf)} AS as_of, ${sqlString(runId)} AS run_id\n` +
    `FROM (VALUES\n${values}\n) AS catalog (${names.join(', ')})`
  );
}

interface CatalogOptions {
  readonly runId: string;
  readonly asOf: string;
  /** Reporting currency: the unit of every money column. */
  readonly currency: string;
}

/** Materializes the catalog of this night's KPI tables into the build schema. */
async function buildKpiCatalog(
  engine: Engine,
  models: readonly Model[],
  options: CatalogOptions,
): Promise<void> {
  const builtTypes = await columnTypes(engine, BUILD, catalogedTables(models));
  const entries = kpiCatalogEntries(models, builtTypes, options.currency);
  await engine.materialize(buildTable(KPI_CATALOG), catalogSelect(entries, options.runId, options.asOf));
}

export { buildKpiCatalog, columnTypes, KPI_CATALOG };
