/**
 * DuckDB's landing step of the night plan: every export file is read by
 * DuckDB, typed and validated by generated SQL, and written to its
 * entity's landed table (plan/targets.ts `landed_<entity>`): accepted rows,
 * and rejected ones with line, column, reason and raw text, including the
 * records DuckDB's reader itself refused. The plan's run logs, gates and
 * models read those tables as they read Athena's. A file that cannot be
 * used at all is reported with the fix a user should make.
 */
import type { EntitySpec } from '../../contract/entities.js';
import { entities } from '../../contract/entities.js';
import type { Engine } from '../../engine/engine.js';
import { resetScratchDatabase } from '../../engine/scratch-database.js';
import { ConfigInvalidError, SourceFileInvalidError } from '../../errors.js';
import { createPiiKeyTableSql, dropPiiKeyTableSql, PII_KEY_ENV } from '../../pii/pii-hash.js';
import type { ExportFile } from '../../exports/discover-exports.js';
import { rejectDuplicateKeys } from './duplicate-keys.js';
import { readFirstLine, verifyGzip } from '../../exports/file-head.js';
import type { ColumnMapping } from '../../exports/export-header.js';
import { FILE_ROWS, FILE_SHIFTS, loadCsv, loadJsonLines } from './load-file.js';
import { sqlString } from '../../sql/sql-text.js';
import { fileColumnsSql, landingColumns, landingSelect } from './validation-sql.js';
import type { FileColumns, ValidationContext } from './validation-sql.js';
import type { FileOutcome } from '../../exports/file-outcome.js';

interface LandingOptions {
  readonly reportingCurrency: string;
  readonly timeZone: string;
  /**
   * Key of the personal-data hash; null when none is configured, which is
   * fine until a file has a personal-data column (then landing throws).
   */
  readonly piiKey: string | null;
  readonly onFile?: (outcome: FileOutcome) => void;
}

const LANDING = 'landing';
/** The records DuckDB's reader refused in the file being landed, before they join its landed rows. */
const STRUCTURAL = `${LANDING}._structural_rejects`;

/** Table name holding an entity's landed rows (accepted and rejected). */
const landedTable = (entity: string): string => `${LANDING}.${entity}`;

/** The type of landed rows' `_file`: see landingColumns. */
const FILE_TYPE = `${LANDING}.export_file`;

async function resetLandingSchema(engine: Engine, files: readonly ExportFile[]): Promise<void> {
  await resetScratchDatabase(engine, LANDING);
  const paths = files.map((f) => sqlString(f.relativePath)).join(', ');
  await engine.execute(
    `CREATE TYPE ${FILE_TYPE} AS ENUM (SELECT DISTINCT unnest(CAST([${paths}] AS VARCHAR[])) AS path ORDER BY path)`,
  );
  await engine.execute(
    `CREATE TABLE ${STRUCTURAL} (export_date DATE, entity VARCHAR, file VARCHAR, ` +
      'line BIGINT, "column" VARCHAR, reason VARCHAR, raw VARCHAR)',
  );
  for (const entity of entities) {
    await engine.execute(
      `CREATE TABLE ${landedTable(entity.name)} (${landingColumns(entity, FILE_TYPE)})`,
    );
  }
}

/** An outcome for a file none of whose rows could be counted. */
function fileFailure(
  file: ExportFile,
  status: 'empty' | 'unreadable' | 'unsupported',
  problem: string,
  fix: string,
): FileOutcome {
  return {
    entity: file.entity,
    file: file.relativePath,
    exportDate: file.exportDate,
    status,
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    unknownColumns: [],
    problem,
    fix,
  };
}

const REEXPORT = 're-export the file: it is truncated, corrupt or not UTF-8 text';
const NO_ROWS_FIX = 'none needed if the export had no rows';

/** Throws when a file has personal data and no key was configured. */
function assertPiiKey(
  entity: EntitySpec,
  file: ExportFile,
  mapping: ColumnMapping,
  options: LandingOptions,
): boolean {
  const pii = entity.columns.filter((c) => c.pii && mapping.found.has(c.name));
  if (pii.length === 0) return false;
  if (options.piiKey === null) {
    throw new ConfigInvalidError(
      `${file.relativePath} has the personal-data column ` +
        `${pii.map((c) => c.name).join(', ')}, which is stored only as a keyed hash, ` +
        `and no key is configured: set ${PII_KEY_ENV} to a secret of at least 16 characters ` +
        '(keep it out of version control; production reads it from Secrets Manager)',
    );
  }
  return true;
}

/** Loads, validates and inserts one readable file; returns its outcome. */
async function landRows(
  engine: Engine,
  entity: EntitySpec,
  file: ExportFile,
  options: LandingOptions,
  headerLine: string | null,
): Promise<FileOutcome> {
  const loaded =
    file.format === 'csv' && headerLine !== null
      ? await loadCsv(engine, entity, file, headerLine, STRUCTURAL)
      : await loadJsonLines(engine, entity, file, STRUCTURAL);
  const { mapping } = loaded;
  const hashPii = assertPiiKey(entity, file, mapping, options);
  const missing = mapping.missingRequired.join(', ');
  const fileError =
    missing === ''
      ? null
      : { column: missing, reason: `required column ${missing} is missing from the file: whole file rejected` };
  // Each file is judged against its own export date (an order may not be
  // later than the export that carries it) and lands with that date.
  const context: ValidationContext = {
    exportDate: file.exportDate,
    reportingCurrency: options.reportingCurrency,
  };
  const fileColumns: FileColumns = {
    unknownColumns: mapping.unknown,
    problem: fileError ? `required column ${missing} is missing, so the whole file was rejected` : null,
    fix: fileError ? `add the column ${missing} to the export header` : null,
  };
  const table = landedTable(entity.name);
  const path = sqlString(file.relativePath);
  await engine.execute(
    `INSERT INTO ${table} ` +
      landingSelect(entity, loaded.rawRows(fileError), file.relativePath, context, loaded.rawText, hashPii, fileColumns),
  );
  // One landed row per refused record (DuckDB may list a record once per broken field).
  await engine.execute(
    `INSERT INTO ${table} (_export_date, _file, _line, _reject_column, _reject_reason, _raw, ` +
      `_unknown_columns, _problem, _fix)
     SELECT export_date, file, line, "column", reason, raw, ${fileColumnsSql(fileColumns)}
     FROM ${STRUCTURAL} WHERE file = ${path}
     QUALIFY row_number() OVER (PARTITION BY line ORDER BY "column", reason) = 1`,
  );
  await engine.execute(`DELETE FROM ${STRUCTURAL}`);
  const [counts] = await engine.query(
    `SELECT count(*) AS landed, count(_reject_reason) AS rejected FROM ${table} WHERE _file = ${path}`,
  );
  const rowsRead = Number(counts?.landed ?? 0);
  const rejected = Number(counts?.rejected ?? 0);
  const base = {
    entity: entity.name,
    file: file.relativePath,
    exportDate: file.exportDate,
    rowsRead,
    rowsAccepted: rowsRead - rejected,
    rowsRejected: rejected,
    unknownColumns: mapping.unknown,
  };
  if (fileColumns.problem !== null && fileColumns.fix !== null && (rowsRead > 0 || file.format === 'csv')) {
    return { ...base, status: 'rejected', problem: fileColumns.problem, fix: fileColumns.fix };
  }
  if (rowsRead === 0) {
    return {
      ...base,
      status: 'empty',
      problem: file.format === 'csv' ? 'the file has a header but no rows' : 'the file has no rows',
      fix: NO_ROWS_FIX,
    };
  }
  return { ...base, status: 'ok' };
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
      'unsupported',
      'not a CSV or JSON Lines file, so it was not read',
      'export as .csv, .csv.gz, .jsonl or .jsonl.gz, or move the file out of the export folder',
    );
  }
  if (file.bytes === 0) {
    return fileFailure(file, 'empty', 'the file is empty', NO_ROWS_FIX);
  }
  const gzip = file.path.toLowerCase().endsWith('.gz');
  try {
    if (gzip) await verifyGzip(file.path);
  } catch (cause) {
    return fileFailure(
      file,
      'unreadable',
      `the gzip file is cut off or corrupt (${firstLine(cause)})`,
      're-export the file: it is incomplete, so some of its rows cannot be read',
    );
  }
  try {
    const headerLine = file.format === 'csv' ? await readFirstLine(file.path, gzip) : null;
    if (file.format === 'csv' && headerLine === null) {
      return fileFailure(file, 'empty', 'the file is empty', NO_ROWS_FIX);
    }
    return await landRows(engine, entity, file, options, headerLine);
  } catch (cause) {
    if (cause instanceof ConfigInvalidError) throw cause;
    // Nothing of a file that failed half-way stays behind.
    await engine.execute(`DELETE FROM ${STRUCTURAL}`);
    await engine.execute(
      `DELETE FROM ${landedTable(entity.name)} WHERE _file = ${sqlString(file.relativePath)}`,
    );
    return cause instanceof SourceFileInvalidError
      ? fileFailure(file, 'unreadable', cause.reason, cause.fix)
      : fileFailure(file, 'unreadable', `the file cannot be read (${firstLine(cause)})`, REEXPORT);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** Moves rows rejected as superseded duplicates into their files' counts. */
function withDuplicates(outcome: FileOutcome, duplicates: ReadonlyMap<string, number>): FileOutcome {
  const n = duplicates.get(outcome.file) ?? 0;
  return n === 0
    ? outcome
    : { ...outcome, rowsAccepted: outcome.rowsAccepted - n, rowsRejected: outcome.rowsRejected + n };
}

/** Lands every file; returns one outcome per file, in input order. */
async function landExports(
  engine: Engine,
  files: readonly ExportFile[],
  options: LandingOptions,
): Promise<FileOutcome[]> {
  await resetLandingSchema(engine, files);
  await engine.execute(`SET TimeZone = ${sqlString(options.timeZone)}`);
  if (options.piiKey !== null) await engine.execute(createPiiKeyTableSql(options.piiKey));
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
    await engine.execute(dropPiiKeyTableSql());
    await engine.execute(`DROP TABLE IF EXISTS ${FILE_ROWS}`);
    await engine.execute(`DROP TABLE IF EXISTS ${FILE_SHIFTS}`);
  }
  const duplicates = new Map<string, number>();
  for (const entity of entities) {
    for (const [file, n] of await rejectDuplicateKeys(engine, entity, landedTable(entity.name))) {
      duplicates.set(file, n);
    }
  }
  await engine.execute(`DROP TABLE ${STRUCTURAL}`);
  return outcomes.map((o) => withDuplicates(o, duplicates));
}

export { landedTable, landExports };
export type { LandingOptions };
