/**
 * The DDL the engine writes around a model's SELECT on Athena. SQL files
 * hold queries only: Athena has no CREATE OR REPLACE
 * TABLE and CTAS refuses a non-empty location, so every build is a CTAS
 * into a table and folder nobody used before.
 */
import { PipelineError } from '../errors.js';
import { sqlString } from '../sql/sql-text.js';

/** Athena's limit on a query string, in bytes. */
const MAX_QUERY_BYTES = 262_144;

const qualifiedTable = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const s3Folder = /^s3:\/\/[a-z0-9][a-z0-9.-]+\/([A-Za-z0-9_=.-]+\/)+$/;

/** Throws when Athena would refuse the query for its size, naming it. */
function assertQuerySize(sql: string, label: string): string {
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (bytes > MAX_QUERY_BYTES) {
    throw new PipelineError(
      `${label}: the query is ${bytes} bytes, over Athena's ${MAX_QUERY_BYTES}-byte limit`,
    );
  }
  return sql;
}

/**
 * `CREATE TABLE <db.table> WITH (format = 'PARQUET', external_location =
 * '<folder>') AS <select>`; the names are checked, never quoted user text.
 */
function ctasStatement(table: string, location: string, select: string): string {
  if (!qualifiedTable.test(table)) throw new PipelineError(`not a database.table name: ${table}`);
  if (!s3Folder.test(location)) throw new PipelineError(`not an s3://bucket/folder/ location: ${location}`);
  return assertQuerySize(
    `CREATE TABLE ${table}\n` +
      `WITH (format = 'PARQUET', external_location = ${sqlString(location)})\n` +
      `AS\n${select}`,
    table,
  );
}

export { assertQuerySize, ctasStatement };
