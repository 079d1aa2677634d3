/**
 * `kpi_catalog` on Athena. Its rows need the column types the night's CTAS
 * statements produced, which only the Glue catalog knows once the models
 * are built, so publish-night writes them: the rows come from the catalog
 * code DuckDB uses (docs/kpi-catalog.ts) fed with the Glue types,
 * land as JSON Lines in the run's folder (like the run logs) and are
 * published with the KPI tables in the same pointer switch.
 */
import type { Column } from '@aws-sdk/client-glue';
import { CATALOG_COLUMNS, catalogTable, KPI_CATALOG } from '../docs/catalog-table.js';
import { describeColumn } from '../docs/kpi-reference.js';
import type { ColumnType } from '../docs/kpi-reference.js';
import type { Model } from '../models/model-graph.js';
import { kpiCatalogEntries } from '../docs/kpi-catalog.js';
import type { GlueDeps, PublishedTable } from './glue-publish.js';
import { runPrefix } from './run-layout.js';
import { jsonLines, logStorage, runColumns } from './run-log-objects.js';
import { putText } from './s3-objects.js';

/** The Glue (Hive) type of each SQL type the catalog's columns are cast to. */
const HIVE_TYPES: Readonly<Record<(typeof CATALOG_COLUMNS)[number]['type'], string>> = {
  VARCHAR: 'string',
  INTEGER: 'int',
  BOOLEAN: 'boolean',
};

/** The catalog table's columns as Glue stores them, with their comments. */
const CATALOG_GLUE_COLUMNS: readonly Column[] = [
  ...CATALOG_COLUMNS.map((c) => ({ Name: c.name, Type: HIVE_TYPES[c.type], Comment: c.description })),
  ...runColumns,
];

/**
 * A Glue column type in the SQL spelling the catalog publishes (DuckDB's
 * information_schema names): `string` and `varchar(n)` are VARCHAR, `int`
 * is INTEGER, the others are their own name in upper case.
 */
function publishedType(glueType: string): string {
  const type = glueType.trim().toLowerCase();
  if (type === 'string' || /^(var)?char(\(\d+\))?$/.test(type)) return 'VARCHAR';
  if (type === 'int') return 'INTEGER';
  return type.toUpperCase();
}

/** The built column types of the run's KPI tables, from their Glue storage. */
function builtTypes(tables: readonly PublishedTable[]): Map<string, ColumnType[]> {
  return new Map(
    tables.map((t) => [
      t.name,
      (t.storage.Columns ?? []).map((c) => ({ column: c.Name ?? '', type: publishedType(c.Type ?? '') })),
    ]),
  );
}

/**
 * Writes the catalog of the run's KPI tables (`runs/<runId>/kpi_catalog/`)
 * and returns it as a table to publish.
 */
async function writeKpiCatalog(
  deps: GlueDeps,
  run: { readonly runId: string; readonly asOf: string; readonly currency: string },
  models: readonly Model[],
  kpiTables: readonly PublishedTable[],
): Promise<PublishedTable> {
  const rows = kpiCatalogEntries(models, builtTypes(kpiTables), run.currency).map((entry) => ({
    ...entry,
    as_of: run.asOf,
    run_id: run.runId,
  }));
  await putText(
    deps.s3,
    deps.catalog.curatedBucket,
    `${runPrefix(run.runId)}${KPI_CATALOG}/part-0.json`,
    jsonLines(rows),
    'application/x-ndjson',
  );
  const { header } = catalogTable;
  return {
    name: KPI_CATALOG,
    description: `${header.purpose} Grain: ${header.grain}.`,
    storage: logStorage(deps.catalog, run.runId, { name: KPI_CATALOG, columns: CATALOG_GLUE_COLUMNS }),
    comment: (column) => describeColumn(catalogTable, column),
  };
}

export { publishedType, writeKpiCatalog };
