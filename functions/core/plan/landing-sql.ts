/**
 * Trino SQL reading one entity's export files from the raw tables
 * (raw-catalog.ts) as the raw rows athenaLandedSelect validates.
 *
 * CSV: the raw table's fields are positional, so each file's header (read
 * by the land step, kept in the manifest) says which field holds which
 * contract column. Files sharing a header form a group; one CASE per
 * column picks the field by group, so the table is scanned once. JSON
 * Lines: every line of the lines table is parsed as a JSON object whose
 * keys are matched to the contract like header names (trimmed, any case).
 *
 * Only the files listed in the manifest are read (`"$path" IN (...)`), so
 * a file that arrives mid-run cannot slip into a night, and a rerun reads
 * exactly the same files.
 */
import type { EntitySpec } from '../contract/entities.js';
import { EXPORT_DATE, RAW_CSV_FIELDS, RAW_LINES_TABLE, rawField } from '../aws/raw-catalog.js';
import type { ManifestFile } from '../aws/run-manifest.js';
import { REDACTED } from '../pii/redact-sql.js';
import { mapColumns } from '../exports/export-header.js';
import { fewerFieldsThanHeader, moreFieldsThanHeader } from './record-reasons.js';
import { boundedText } from './raw-text.js';
import { sqlIdentifier, sqlString } from '../sql/sql-text.js';
import { rawColumn } from './contract-checks.js';
import { FILE_COLUMNS } from './validation-sql.js';

/** Where the raw tables and files are. */
interface RawSource {
  readonly rawDatabase: string;
  readonly rawBucket: string;
}

/** A file's key without the bucket: what users see as the file name. */
const relativeFile = `regexp_replace("$path", '^s3://[^/]+/', '')`;

const pathOf = (source: RawSource, file: ManifestFile): string =>
  sqlString(`s3://${source.rawBucket}/${file.key}`);

const nullText = 'CAST(NULL AS VARCHAR)';

/** Per-group SQL of every raw-row column, in output order. */
type GroupColumns = ReadonlyMap<string, string>;

function outputColumns(entity: EntitySpec): string[] {
  return [
    '_record_error',
    '_record_column',
    ...entity.columns.map((c) => rawColumn(c.name)),
    '_raw_text',
    ...FILE_COLUMNS,
  ];
}

/** A field as it stood in the file, quoted again where RFC 4180 needs it. */
function requoted(value: string): string {
  const field = boundedText(value);
  return (
    `CASE WHEN ${value} IS NULL THEN '' ` +
    `WHEN regexp_like(${field}, '[",\\r\\n]') ` +
    `THEN '"' || replace(${field}, '"', '""') || '"' ELSE ${field} END`
  );
}

const constantOrNull = (value: string | undefined): string =>
  value === undefined ? nullText : sqlString(value);

/** The columns of one header group (files with the same header). */
function csvGroupColumns(entity: EntitySpec, sample: ManifestFile): GroupColumns {
  const header = sample.header ?? [];
  const mapping = mapColumns(entity, header);
  const readable = Math.min(header.length, RAW_CSV_FIELDS);
  const pii = new Set(entity.columns.filter((c) => c.pii).map((c) => c.name));
  const columns = new Map<string, string>();
  const fieldCount =
    `CASE WHEN ${header.length < RAW_CSV_FIELDS ? `${rawField(header.length)} IS NOT NULL` : 'false'} ` +
    `THEN ${sqlString(moreFieldsThanHeader(header.length))} ` +
    `WHEN ${rawField(readable - 1)} IS NULL ` +
    `THEN ${sqlString(fewerFieldsThanHeader(header.length))} END`;
  columns.set('_record_error', sample.fileError ? sqlString(sample.fileError.reason) : fieldCount);
  columns.set('_record_column', constantOrNull(sample.fileError?.column));
  for (const c of entity.columns) {
    const source = mapping.found.get(c.name)?.[0];
    const index = source === undefined ? -1 : header.indexOf(source);
    columns.set(
      rawColumn(c.name),
      index < 0 || index >= RAW_CSV_FIELDS ? nullText : `NULLIF(trim(${rawField(index)}), '')`,
    );
  }
  const raw = header.slice(0, readable).map((name, i) =>
    pii.has(name.trim().toLowerCase())
      ? `CASE WHEN ${rawField(i)} IS NULL THEN '' ELSE ${sqlString(REDACTED)} END`
      : requoted(rawField(i)),
  );
  // Fields beyond the header are part of the record's text too.
  const beyond = Array.from({ length: RAW_CSV_FIELDS - readable }, (_, i) => rawField(readable + i)).map(
    (field) => `CASE WHEN ${field} IS NULL THEN '' ELSE ',' || ${requoted(field)} END`,
  );
  columns.set('_raw_text', [raw.join(" || ',' || "), ...beyond].join(' || '));
  columns.set('_unknown_columns', sqlString(sample.unknownColumns.join(', ')));
  columns.set('_problem', constantOrNull(sample.problem));
  columns.set('_fix', constantOrNull(sample.fix));
  return columns;
}

/** `file IN (...)` dates and paths: exactly the manifest's files. */
function fileFilter(source: RawSource, files: readonly ManifestFile[]): string {
  const dates = [...new Set(files.map((f) => f.exportDate))].sort();
  return (
    `${EXPORT_DATE} IN (${dates.map(sqlString).join(', ')})\n` +
    `      AND "$path" IN (${files.map((f) => pathOf(source, f)).join(',\n        ')})`
  );
}

/** Raw rows of an entity's CSV files. */
function csvRawRows(entity: EntitySpec, files: readonly ManifestFile[], source: RawSource): string {
  const groups = new Map<string, ManifestFile[]>();
  for (const f of files) {
    const signature = JSON.stringify(f.header ?? []);
    groups.set(signature, [...(groups.get(signature) ?? []), f]);
  }
  // The biggest group is the ELSE branch: only the other groups list files.
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const [main, ...others] = ordered.map((g) => ({ files: g, columns: csvGroupColumns(entity, g[0] as ManifestFile) }));
  if (!main) throw new RangeError('csvRawRows needs at least one file');
  const pick = (name: string): string =>
    others.length === 0
      ? (main.columns.get(name) ?? nullText)
      : `CASE _group ${others
          .map((g, i) => `WHEN ${i + 1} THEN ${g.columns.get(name) ?? nullText}`)
          .join(' ')} ELSE ${main.columns.get(name) ?? nullText} END`;
  const group =
    others.length === 0
      ? '0'
      : `CASE ${others
          .map((g, i) => `WHEN "$path" IN (${g.files.map((f) => pathOf(source, f)).join(', ')}) THEN ${i + 1}`)
          .join(' ')} ELSE 0 END`;
  return `    SELECT
        _file,
        _export_date,
        ${outputColumns(entity).map((c) => `${pick(c)} AS ${c}`).join(',\n        ')}
    FROM (
        SELECT t.*, ${relativeFile} AS _file, CAST(t.${EXPORT_DATE} AS DATE) AS _export_date,
            ${group} AS _group
        FROM ${source.rawDatabase}.${sqlIdentifier(entity.name)} AS t
        WHERE ${fileFilter(source, files)}
    ) AS fields
    -- A blank line is no record (OpenCSVSerde reads it as one empty field).
    WHERE coalesce(${rawField(0)}, '') <> '' OR ${rawField(1)} IS NOT NULL`;
}

/**
 * The JSON value of a contract column as trimmed text, NULL when absent.
 * The key is found like a header name (trimmed, any case); the value is
 * read by json_extract_scalar, which keeps a number's text as written:
 * casting the parsed JSON would turn 2676.35 into the DOUBLE text
 * 2.67635E3 (seen on Trino 476), which no amount check accepts. A key
 * matching a contract name holds no quote, so it is safe in the path.
 */
function jsonValue(column: string): string {
  const key = `element_at(filter(map_keys(_object), k -> lower(trim(k)) = ${sqlString(column)}), 1)`;
  return `NULLIF(trim(json_extract_scalar(line, '$["' || ${key} || '"]')), '')`;
}

/** A rejected line's text: the line, or its contract columns with PII redacted. */
function jsonRawText(entity: EntitySpec): string {
  if (!entity.columns.some((c) => c.pii)) return 'line';
  const fields = entity.columns.map(
    (c) =>
      `${sqlString(`"${c.name}":`)} || ` +
      (c.pii
        ? `CASE WHEN ${rawColumn(c.name)} IS NULL THEN 'null' ELSE ${sqlString(`"${REDACTED}"`)} END`
        : `coalesce(json_format(CAST(${boundedText(rawColumn(c.name))} AS JSON)), 'null')`),
  );
  return `'{' || ${fields.join(" || ',' || ")} || '}'`;
}

/** Raw rows of an entity's JSON Lines files (read from the lines table). */
function jsonRawRows(entity: EntitySpec, files: readonly ManifestFile[], source: RawSource): string {
  const values = entity.columns.map(
    (c) => `CASE WHEN _object IS NOT NULL THEN ${jsonValue(c.name)} END AS ${rawColumn(c.name)}`,
  );
  return `    SELECT
        _file,
        _export_date,
        _record_error,
        _record_column,
        ${entity.columns.map((c) => rawColumn(c.name)).join(',\n        ')},
        ${jsonRawText(entity)} AS _raw_text,
        -- Unknown JSON keys are not listed on Athena (DuckDB lists them).
        ${FILE_COLUMNS.map((c) => `${c === '_unknown_columns' ? "''" : nullText} AS ${c}`).join(',\n        ')}
    FROM (
        SELECT
            _file,
            _export_date,
            line,
            CASE WHEN _object IS NULL THEN 'line is not a valid JSON object' END AS _record_error,
            ${nullText} AS _record_column,
            ${values.join(',\n            ')}
        FROM (
            SELECT ${relativeFile} AS _file, CAST(${EXPORT_DATE} AS DATE) AS _export_date, line,
                try(CAST(json_parse(line) AS MAP(VARCHAR, JSON))) AS _object
            FROM ${source.rawDatabase}.${RAW_LINES_TABLE}
            WHERE entity = ${sqlString(entity.name)}
              AND ${fileFilter(source, files)}
              AND trim(line) <> ''
        ) AS parsed
    ) AS lines`;
}

/** No files: the raw-row columns with no row, so the landed table still exists. */
function emptyRawRows(entity: EntitySpec): string {
  return `    SELECT ${nullText} AS _file, CAST(NULL AS DATE) AS _export_date, ${outputColumns(entity)
    .map((c) => `${nullText} AS ${c}`)
    .join(', ')}
    WHERE false`;
}

/** Every raw row of an entity's landable files in the manifest. */
function entityRawRows(entity: EntitySpec, files: readonly ManifestFile[], source: RawSource): string {
  const mine = files.filter((f) => f.entity === entity.name && f.status === 'ok');
  const csv = mine.filter((f) => f.format === 'csv');
  const jsonl = mine.filter((f) => f.format === 'jsonl');
  const parts = [
    ...(csv.length ? [csvRawRows(entity, csv, source)] : []),
    ...(jsonl.length ? [jsonRawRows(entity, jsonl, source)] : []),
  ];
  return parts.length ? parts.join('\n    UNION ALL\n') : emptyRawRows(entity);
}

export { entityRawRows };
export type { RawSource };
