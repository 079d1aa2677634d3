/**
 * The run-log tables a night builds from its landed tables, on every
 * engine: every rejected row, and every file's row accounting.
 *
 * Differences, documented in docs/athena-engine.md: `line` is NULL on
 * Athena (it has no record numbers). On every engine a file that produced
 * no row (empty, unreadable, unsupported) is listed only on the night of
 * its own export date, because listing every such file of the history
 * would outgrow Athena's query size. `_file` is cast to text: DuckDB lands
 * it as an ENUM of the night's paths, which must not leak into a
 * published table.
 */
import { entities } from '../contract/entities.js';
import type { NightManifest } from './targets.js';
import { boundedText } from './raw-text.js';
import { sqlString } from '../sql/sql-text.js';

/** Names a landed table, given an entity; the target graph decides it. */
type LandedTable = (entity: string) => string;

const runColumns = (manifest: NightManifest): string =>
  `DATE ${sqlString(manifest.asOf)} AS as_of, CAST(${sqlString(manifest.runId)} AS VARCHAR) AS run_id`;

/** Every rejected row of the night, from every entity's landed table. */
function rejectsSelect(manifest: NightManifest, landed: LandedTable): string {
  const parts = entities.map(
    (e) =>
      `SELECT _export_date AS export_date, CAST(${sqlString(e.name)} AS VARCHAR) AS entity, ` +
      `CAST(_file AS VARCHAR) AS file, _line AS line, _reject_column AS "column", _reject_reason AS reason, ` +
      `${boundedText('_raw')} AS raw FROM ${landed(e.name)} WHERE _reject_reason IS NOT NULL`,
  );
  return `SELECT export_date, entity, file, line, "column", reason, raw, ${runColumns(manifest)}
FROM (
    ${parts.join('\n    UNION ALL ')}
) AS rejects`;
}

const fileLogColumns =
  'entity, export_date, file, status, rows_read, rows_accepted, rows_rejected, unknown_columns, problem, fix';

/** Per file: status and rows read = accepted + rejected. */
function fileLogSelect(manifest: NightManifest, landed: LandedTable): string {
  const counted = entities.map(
    (e) =>
      `SELECT CAST(${sqlString(e.name)} AS VARCHAR) AS entity, _export_date AS export_date, ` +
      `CAST(_file AS VARCHAR) AS file, CAST(CASE WHEN arbitrary(_problem) IS NULL THEN 'ok' ELSE 'rejected' END AS VARCHAR) AS status, ` +
      'count(*) AS rows_read, count(*) FILTER (WHERE _reject_reason IS NULL) AS rows_accepted, ' +
      'count(*) FILTER (WHERE _reject_reason IS NOT NULL) AS rows_rejected, arbitrary(_unknown_columns) AS unknown_columns, ' +
      `arbitrary(_problem) AS problem, arbitrary(_fix) AS fix FROM ${landed(e.name)} ` +
      'GROUP BY _export_date, _file',
  );
  const text = (v: string | undefined): string => (v === undefined ? 'CAST(NULL AS VARCHAR)' : sqlString(v));
  const unlanded = manifest.files
    .filter((f) => f.status !== 'ok' && f.exportDate === manifest.asOf)
    .map(
      (f) =>
        `(CAST(${sqlString(f.entity)} AS VARCHAR), DATE ${sqlString(f.exportDate)}, ` +
        `CAST(${sqlString(f.key)} AS VARCHAR), CAST(${sqlString(f.status)} AS VARCHAR), ` +
        'CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), ' +
        `CAST(${sqlString(f.unknownColumns.join(', '))} AS VARCHAR), ${text(f.problem)}, ${text(f.fix)})`,
    );
  const values = unlanded.length
    ? [`SELECT * FROM (VALUES ${unlanded.join(',\n        ')}) AS v(${fileLogColumns})`]
    : [];
  return `SELECT ${fileLogColumns}, ${runColumns(manifest)}
FROM (
    ${[...counted, ...values].join('\n    UNION ALL ')}
) AS files`;
}

export { fileLogSelect, rejectsSelect };
export type { LandedTable };
