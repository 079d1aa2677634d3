/**
 * Athena views written through the Glue API instead of a CREATE VIEW query,
 * so publish-night needs no Athena round trip. This is the format Athena
 * itself stores a view in (a VIRTUAL_VIEW table whose ViewOriginalText is
 * `/* Presto View: <base64 JSON> *\/` with Trino column types), the same
 * one infrastructure tools write views with.
 */
import type { Column, TableInput } from '@aws-sdk/client-glue';
import { PipelineError } from '../errors.js';

/** A column of a view: Hive (Glue) type, as on the table it reads. */
interface ViewColumn {
  readonly name: string;
  readonly hiveType: string;
  readonly comment?: string;
}

const simple: Readonly<Record<string, string>> = {
  string: 'varchar',
  int: 'integer',
  integer: 'integer',
  bigint: 'bigint',
  smallint: 'smallint',
  tinyint: 'tinyint',
  double: 'double',
  float: 'real',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  binary: 'varbinary',
};

/** The Trino name of a Hive column type (what a Presto view records). */
function prestoType(hiveType: string): string {
  const type = hiveType.trim().toLowerCase();
  const mapped = simple[type];
  if (mapped) return mapped;
  if (/^(decimal|varchar|char)\(\d+(,\s*\d+)?\)$/.test(type)) return type.replace(/\s+/g, '');
  throw new PipelineError(`no view type for the Glue column type ${hiveType}`);
}

/** The text Athena reads a view definition from. */
function prestoViewText(database: string, sql: string, columns: readonly ViewColumn[]): string {
  const view = {
    originalSql: sql,
    catalog: 'awsdatacatalog',
    schema: database,
    columns: columns.map((c) => ({ name: c.name, type: prestoType(c.hiveType) })),
    // Athena runs a view with the reader's own permissions; Trino needs it
    // said (or an owner), else INVALID_VIEW (seen on Trino 476).
    runAsInvoker: true,
  };
  return `/* Presto View: ${Buffer.from(JSON.stringify(view), 'utf8').toString('base64')} */`;
}

/**
 * The Glue table input of an Athena view. It has no Description, as the
 * views Athena writes have none: Trino's Glue metastore turns a
 * Description into the table comment, and a view whose comment is not
 * "Presto View" is no view to it (TABLE_NOT_FOUND, seen on Trino 476).
 * The published text stays on the history table and in kpi_catalog.
 */
function viewTableInput(
  database: string,
  name: string,
  sql: string,
  columns: readonly ViewColumn[],
): TableInput {
  const glueColumns: Column[] = columns.map((c) => ({
    Name: c.name,
    Type: c.hiveType,
    ...(c.comment ? { Comment: c.comment } : {}),
  }));
  return {
    Name: name,
    TableType: 'VIRTUAL_VIEW',
    Parameters: { presto_view: 'true', comment: 'Presto View' },
    ViewOriginalText: prestoViewText(database, sql, columns),
    ViewExpandedText: '/* Presto View */',
    StorageDescriptor: {
      Columns: glueColumns,
      SerdeInfo: {},
    },
    PartitionKeys: [],
  };
}

export { viewTableInput };
export type { ViewColumn };
