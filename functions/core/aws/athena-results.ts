/**
 * Reads a finished query's rows through GetQueryResults, page by page, and
 * types them like the DuckDB engine does (engine.ts Row): BIGINT and
 * DECIMAL stay strings (no precision lost), other numbers become numbers,
 * booleans booleans, a missing value NULL. Only for small results (gates,
 * tooling): big data never goes through an API page.
 */
import type { ColumnInfo, GetQueryResultsInput, GetQueryResultsOutput } from '@aws-sdk/client-athena';
import type { Row } from '../engine/engine.js';

type GetPage = (input: GetQueryResultsInput) => Promise<GetQueryResultsOutput>;

/** Rows per page: the API's maximum. */
const PAGE_SIZE = 1000;

const asNumber = new Set(['integer', 'int', 'tinyint', 'smallint', 'double', 'float', 'real']);

function typed(value: string | undefined, column: ColumnInfo | undefined): Row[string] {
  if (value === undefined) return null;
  const type = (column?.Type ?? 'varchar').toLowerCase();
  if (type === 'boolean') return value === 'true';
  if (asNumber.has(type)) return Number(value);
  return value;
}

/**
 * Every row of a query. A SELECT's first row on the first page holds the
 * column names (Athena's convention for DML); `hasHeaderRow` skips it.
 */
async function readAllRows(
  getPage: GetPage,
  queryExecutionId: string,
  hasHeaderRow: boolean,
): Promise<Row[]> {
  const rows: Row[] = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await getPage({ QueryExecutionId: queryExecutionId, MaxResults: PAGE_SIZE, NextToken: token });
    const columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    const data = page.ResultSet?.Rows ?? [];
    for (const [i, row] of data.entries()) {
      if (first && i === 0 && hasHeaderRow) continue;
      const out: Row = {};
      columns.forEach((column, c) => {
        out[column.Name ?? `_col${c}`] = typed(row.Data?.[c]?.VarCharValue, column);
      });
      rows.push(out);
    }
    first = false;
    token = page.NextToken;
  } while (token);
  return rows;
}

export { readAllRows };
export type { GetPage };
