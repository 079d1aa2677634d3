/**
 * Records DuckDB itself refuses while loading a file (wrong field count,
 * invalid UTF-8) never reach the validation SQL: DuckDB lists them in its
 * own rejects table. This copies them to the night's rejects and records how
 * each one shifts the record numbers of the rows loaded after it.
 */
import type { EntitySpec } from '../../contract/entities.js';
import type { Engine } from '../../engine/engine.js';
import { maskEmailsSql, REDACTED } from '../../pii/redact-sql.js';
import type { ExportFile } from '../../exports/discover-exports.js';
import { fewerFieldsThanHeader, moreFieldsThanHeader } from '../../plan/record-reasons.js';
import { sqlString } from '../../sql/sql-text.js';

/** Where one file's structural rejects are, and what they are called in it. */
interface StructuralSource {
  readonly entity: EntitySpec;
  readonly file: ExportFile;
  /** The file's column names (CSV header); empty for JSON Lines. */
  readonly header: readonly string[];
  /** Line number of the first data row: 2 under a header, else 1. */
  readonly firstLine: number;
  /** DuckDB's rejects table of the load (and `<name>_scan`). */
  readonly rejectsTable: string;
}

/** The file's own name of DuckDB's positional column `_f<i>` in a reject. */
function fileColumnName(header: readonly string[]): string {
  const names = header
    .map((name, i) => `WHEN '_f${i}' THEN ${sqlString(name.trim())}`)
    .join(' ');
  return names ? `coalesce(CASE column_name ${names} END, '(record)')` : "'(record)'";
}

/**
 * The reason of a structural reject: the shared wording for a wrong field
 * count (record-reasons.ts), DuckDB's own words for anything else.
 */
function structuralReason(header: readonly string[]): string {
  if (header.length === 0) return "error_type || ': ' || error_message";
  return (
    `CASE error_type WHEN 'TOO MANY COLUMNS' THEN ${sqlString(moreFieldsThanHeader(header.length))} ` +
    `WHEN 'MISSING COLUMNS' THEN ${sqlString(fewerFieldsThanHeader(header.length))} ` +
    "ELSE error_type || ': ' || error_message END"
  );
}

/**
 * A broken record of an entity with personal data cannot be split into
 * columns reliably, so its text is withheld: the file and line say where
 * to look. Other records keep their text, email addresses masked.
 */
function structuralRawText(entity: EntitySpec): string {
  return entity.columns.some((c) => c.pii)
    ? sqlString(`${REDACTED} (a broken record of an entity with personal data)`)
    : maskEmailsSql('trim(csv_line, chr(10) || chr(13))');
}

/**
 * Copies the load's structural rejects to `rejectsTarget`, writes
 * (from_position, shift) rows to `shiftsTable`, drops DuckDB's tables, and
 * returns how many records were rejected this way.
 */
async function collectStructuralRejects(
  engine: Engine,
  source: StructuralSource,
  rejectsTarget: string,
  shiftsTable: string,
): Promise<number> {
  const { file, rejectsTable } = source;
  await engine.execute(
    `INSERT INTO ${rejectsTarget} SELECT DATE ${sqlString(file.exportDate)}, ` +
      `${sqlString(file.entity)}, ${sqlString(file.relativePath)}, line, ` +
      `${fileColumnName(source.header)}, ${structuralReason(source.header)}, ` +
      `${structuralRawText(source.entity)} FROM ${rejectsTable}`,
  );
  // The i-th rejected record (line L) would have sat at position
  // L - firstLine - (i - 1); every row from there on moves by one more.
  await engine.execute(
    `CREATE OR REPLACE TEMP TABLE ${shiftsTable} AS
     SELECT from_position, max(shift) AS shift FROM (
         SELECT line - ${source.firstLine - 1} - row_number() OVER (ORDER BY line) AS from_position,
             row_number() OVER (ORDER BY line) AS shift
         FROM (SELECT DISTINCT line FROM ${rejectsTable})
     ) GROUP BY from_position`,
  );
  const [count] = await engine.query(
    `SELECT count(DISTINCT line) AS n FROM ${rejectsTable}`,
  );
  await engine.execute(`DROP TABLE ${rejectsTable}`);
  await engine.execute(`DROP TABLE ${rejectsTable}_scan`);
  return Number(count?.n ?? 0);
}

export { collectStructuralRejects };
export type { StructuralSource };
