/**
 * Reading what the previous night published, for the checks that compare
 * tonight against it (row-count drop, restatements). Published tables live
 * under their plain names in the engine's published schema.
 */
import type { Engine } from '../../engine/engine.js';
import { sqlString } from '../../sql/sql-text.js';

/** The five core KPI tables of issue 2 (share of wallet in its two grains). */
const CORE_KPI_TABLES = [
  'kpi_cohort_retention',
  'kpi_customer_reconciliation',
  'kpi_share_of_wallet',
  'kpi_share_of_wallet_segment',
  'kpi_return_on_relationship',
  'kpi_cac_by_channel',
] as const;

/** The schema `Engine.publish` moves tables into, in the warehouse database. */
const PUBLISHED = 'main';

/** Where a published table is read. */
const publishedTable = (name: string): string => `${PUBLISHED}.${name}`;

/**
 * The information_schema condition for the tables of `area`: the published
 * schema of the warehouse database, or a scratch database (`build`,
 * `landing`), whose tables sit in its own `main` schema.
 */
function tablesOf(area: string): string {
  return area === PUBLISHED
    ? `table_catalog = current_database() AND table_schema = ${sqlString(PUBLISHED)}`
    : `table_catalog = ${sqlString(area)} AND table_schema = 'main'`;
}

/** Column names and types of a table in an area; empty when it does not exist. */
async function tableColumns(
  engine: Engine,
  area: string,
  name: string,
): Promise<Map<string, string>> {
  const rows = await engine.query(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE ${tablesOf(area)} AND table_name = ${sqlString(name)}
     ORDER BY ordinal_position`,
  );
  return new Map(rows.map((r) => [String(r.column_name), String(r.data_type)]));
}

/** Columns of `<area>.<table>` (a published or build table); empty when it does not exist. */
function qualifiedColumns(engine: Engine, qualified: string): Promise<Map<string, string>> {
  const [area = '', name = ''] = qualified.split('.');
  return tableColumns(engine, area, name);
}

/** Columns of the published table `name`; empty when none is published. */
const publishedColumns = (engine: Engine, name: string): Promise<Map<string, string>> =>
  tableColumns(engine, PUBLISHED, name);


export { CORE_KPI_TABLES, publishedColumns, publishedTable, qualifiedColumns, tablesOf };
