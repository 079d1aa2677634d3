/**
 * Lands a night's export files in the engine: every file is read by DuckDB,
 * typed and validated by generated SQL, and split into accepted rows and
 * rejects (file, line, column, reason, raw text). Per file, rows read =
 * accepted + rejected; a file that cannot be used at all is reported with
 * the fix a user should make.
 */
import type { EntitySpec } from '../contract/entities.js';
import { entities } from '../contract/entities.js';
import type { Engine } from '../engine/engine.js';
import type { ExportFile } from './discover-exports.js';
import {
  csvLoadStatement,
  csvRawText,
  csvRowsQuery,
  firstLineQuery,
  jsonKeysQuery,
  jsonRowsQuery,
  mapColumns,
  splitHeaderLine,
} from './file-readers.js';
import type { ColumnMapping } from './file-readers.js';
import { sqlIdentifier, sqlString } from './sql-text.js';
import { landingColumns, landingSelect, redactedJsonText } from './validation-sql.js';
import type { ValidationContext } from './validation-sql.js';

type FileStatus = 'ok' | 'empty' | 'rejected' | 'unreadable';

/** What happened to one export file. */
interface FileOutcome {
  readonly entity: string;
  readonly file: string;
  readonly exportDate: string;
  readonly status: FileStatus;
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  readonly unknownColumns: readonly string[];
  /** For whole-file problems: what is wrong and what to do. */
  readonly problem?: string;
  readonly fix?: string;
}

interface LandingOptions extends ValidationContext {
  readonly timeZone: string;
  readonly onFile?: (outcome: FileOutcome) => void;
}

const LANDING = 'landing';
const REJECTS = `${LANDING}._rejects`;

/** Table name holding an entity's landed rows (accepted and rejected). */
const landedTable = (entity: string): string => `${LANDING}.${entity}`;

/** View of the rows that passed validation: what staging reads. */
const acceptedView = (entity: string): string => `${LANDING}.${entity}_accepted`;

async function resetLandingSchema(engine: Engine): Promise<void> {
  await engine.execute(`DROP SCHEMA IF EXISTS ${LANDING} CASCADE`);
  await engine.execute(`CREATE SCHEMA ${LANDING}`);
  await engine.execute(
    `CREATE TABLE ${REJECTS} (export_date DATE, entity VARCHAR, file VARCHAR, ` +
      'line BIGINT, "column" VARCHAR, reason VARCHAR, raw VARCHAR)',
  );
  for (const entity of entities) {
    await engine.execute(
      `CREATE TABLE ${landedTable(entity.name)} (${landingColumns(entity)})`,
    );
    const columns = entity.columns
      .filter((c) => !('pii' in c && c.pii))
      .map((c) => sqlIdentifier(c.name));
    await engine.execute(
      `CREATE VIEW ${acceptedView(entity.name)} AS SELECT ` +
        `${columns.join(', ')}, _export_date, _file, _line ` +
        `FROM ${landedTable(entity.name)} WHERE _reject_reason IS NULL`,
    );
  }
}

function fileFailure(
  file: ExportFile,
  status: FileStatus,
  rowsRead: number,
  problem: string,
  fix: string,
  unknownColumns: readonly string[] = [],
): FileOutcome {
  return {
    entity: file.entity,
    file: file.relativePath,
    exportDate: file.exportDate,
    status,
    rowsRead,
    rowsAccepted: 0,
    rowsRejected: rowsRead,
    unknownColumns,
    problem,
    fix,
  };
}

async function recordFileReject(
  engine: Engine,
  file: ExportFile,
  column: string,
  reason: string,
): Promise<void> {
  await engine.execute(
    `INSERT INTO ${REJECTS} VALUES (DATE ${sqlString(file.exportDate)}, ` +
      `${sqlString(file.entity)}, ${sqlString(file.relativePath)}, 1, ` +
      `${sqlString(column)}, ${sqlString(reason)}, NULL)`,
  );
}

async function countCsvRecords(engine: Engine, path: string): Promise<number> {
  const rows = await engine.query(
    `SELECT count(*) AS n FROM read_csv(${sqlString(path)}, header = true, ` +
      'all_varchar = true, ignore_errors = true, hive_partitioning = false)',
  );
  return Number(rows[0]?.n ?? 0);
}

/** Reads the header (CSV) or key set (JSONL) and maps it to the contract. */
async function readMapping(
  engine: Engine,
  entity: EntitySpec,
  file: ExportFile,
): Promise<{ header: string[]; mapping: ColumnMapping }> {
  const header =
    file.format === 'csv'
      ? splitHeaderLine(String((await engine.query(firstLineQuery(file.path)))[0]?.line ?? ''))
      : (await engine.query(jsonKeysQuery(file.path))).map((r) => String(r.name));
  return { header, mapping: mapColumns(entity, header) };
}

/** The file's own name of DuckDB's positional column `_f<i>` in a reject. */
function fileColumnName(header: readonly string[]): string {
  const names = header
    .map((name, i) => `WHEN '_f${i}' THEN ${sqlString(name.trim())}`)
    .join(' ');
  return `coalesce(CASE column_name ${names} END, '(record)')`;
}

/**
 * Copies DuckDB's structural rejects (wrong field count, bad UTF-8) of a
 * file to the rejects table and records how they shift the record numbers
 * of the rows after them (`shiftsTable`). Returns how many records were
 * rejected this way.
 */
async function collectStructuralRejects(
  engine: Engine,
  file: ExportFile,
  header: readonly string[],
  rejectsTable: string,
  shiftsTable: string,
): Promise<number> {
  await engine.execute(
    `INSERT INTO ${REJECTS} SELECT DATE ${sqlString(file.exportDate)}, ` +
      `${sqlString(file.entity)}, ${sqlString(file.relativePath)}, line, ` +
      `${fileColumnName(header)}, error_type || ': ' || error_message, ` +
      `trim(csv_line, chr(10) || chr(13)) FROM ${rejectsTable}`,
  );
  // The i-th rejected record (line L, header = line 1) shifts every row at
  // position L - 1 - i or later by one more (positions count from 0).
  await engine.execute(
    `CREATE OR REPLACE TEMP TABLE ${shiftsTable} AS
     SELECT from_position, max(shift) AS shift FROM (
         SELECT line - 1 - row_number() OVER (ORDER BY line) AS from_position,
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

/** Loads a CSV file and returns its raw rows query, or a failure. */
async function loadCsv(
  engine: Engine,
  entity: EntitySpec,
  file: ExportFile,
  header: readonly string[],
  mapping: ColumnMapping,
): Promise<{ rawRows: string; structural: number }> {
  const table = 'landing_file_rows';
  const rejects = 'landing_file_rejects';
  const shifts = 'landing_file_shifts';
  await engine.execute(csvLoadStatement(file.path, header.length, table, rejects));
  const structural = await collectStructuralRejects(engine, file, header, rejects, shifts);
  return {
    rawRows: csvRowsQuery(entity, table, header, mapping, structural > 0 ? shifts : null),
    structural,
  };
}

async function landFile(
  engine: Engine,
  entity: EntitySpec,
  file: ExportFile,
  options: LandingOptions,
): Promise<FileOutcome> {
  if (file.format === null) {
    return fileFailure(
      file,
      'rejected',
      0,
      'not a CSV or JSON Lines file',
      'export as .csv, .csv.gz, .jsonl or .jsonl.gz',
    );
  }
  if (file.bytes === 0) {
    return fileFailure(file, 'empty', 0, 'the file is empty', 'none needed if the export had no rows');
  }
  let header: string[];
  let mapping: ColumnMapping;
  try {
    ({ header, mapping } = await readMapping(engine, entity, file));
  } catch (cause) {
    return fileFailure(
      file,
      'unreadable',
      0,
      `the file cannot be read (${firstLine(cause)})`,
      're-export the file: it is truncated, corrupt or not UTF-8 text',
    );
  }
  if (mapping.missingRequired.length > 0) {
    const missing = mapping.missingRequired.join(', ');
    const rows = file.format === 'csv' ? await countCsvRecords(engine, file.path) : 0;
    await recordFileReject(
      engine,
      file,
      missing,
      `required column missing (${missing}): whole file rejected`,
    );
    return fileFailure(
      file,
      'rejected',
      rows,
      `required column ${missing} is missing, so the whole file was rejected`,
      `add the column ${missing} to the export header`,
      mapping.unknown,
    );
  }
  let rawRows: string;
  let structural = 0;
  try {
    if (file.format === 'csv') {
      ({ rawRows, structural } = await loadCsv(engine, entity, file, header, mapping));
    } else {
      rawRows = jsonRowsQuery(entity, file.path, mapping);
    }
    const hasPii = entity.columns.some((c) => c.pii);
    const rawText =
      file.format === 'csv'
        ? csvRawText(entity, header)
        : hasPii
          ? redactedJsonText(entity)
          : 'line';
    await engine.execute(
      `INSERT INTO ${landedTable(entity.name)} ` +
        landingSelect(entity, rawRows, file.relativePath, options, rawText),
    );
  } catch (cause) {
    return fileFailure(
      file,
      'unreadable',
      0,
      `the file cannot be read (${firstLine(cause)})`,
      're-export the file: it is truncated, corrupt or not UTF-8 text',
      mapping.unknown,
    );
  }
  const [counts] = await engine.query(
    `SELECT count(*) AS landed, count(_reject_reason) AS rejected ` +
      `FROM ${landedTable(entity.name)} WHERE _file = ${sqlString(file.relativePath)}`,
  );
  const landed = Number(counts?.landed ?? 0);
  const rejected = Number(counts?.rejected ?? 0) + structural;
  return {
    entity: entity.name,
    file: file.relativePath,
    exportDate: file.exportDate,
    status: landed + structural === 0 ? 'empty' : 'ok',
    rowsRead: landed + structural,
    rowsAccepted: landed - Number(counts?.rejected ?? 0),
    rowsRejected: rejected,
    unknownColumns: mapping.unknown,
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** Lands every file; returns one outcome per file, in input order. */
async function landExports(
  engine: Engine,
  files: readonly ExportFile[],
  options: LandingOptions,
): Promise<FileOutcome[]> {
  await resetLandingSchema(engine);
  await engine.execute(`SET TimeZone = ${sqlString(options.timeZone)}`);
  const outcomes: FileOutcome[] = [];
  try {
    for (const file of files) {
      const entity = entities.find((e) => e.name === file.entity);
      if (!entity) continue;
      const outcome = await landFile(engine, entity, file, options);
      outcomes.push(outcome);
      options.onFile?.(outcome);
    }
  } finally {
    await engine.execute("SET TimeZone = 'UTC'");
    await engine.execute('DROP TABLE IF EXISTS landing_file_rows');
    await engine.execute('DROP TABLE IF EXISTS landing_file_shifts');
  }
  await engine.execute(
    `INSERT INTO ${REJECTS} ${entities
      .map(
        (e) =>
          `SELECT _export_date, ${sqlString(e.name)}, _file, _line, ` +
          `_reject_column, _reject_reason, _raw FROM ${landedTable(e.name)} ` +
          'WHERE _reject_reason IS NOT NULL',
      )
      .join(' UNION ALL ')}`,
  );
  return outcomes;
}

export { acceptedView, landExports, REJECTS };
export type { FileOutcome, FileStatus, LandingOptions };
