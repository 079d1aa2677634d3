/**
 * Loads one readable export file into a session table, every field as text,
 * copies DuckDB's structural rejects to the night's rejects table, and maps
 * the file's columns (CSV header, JSON Lines keys) onto the contract. What
 * comes back builds the raw rows the validation SQL reads.
 */
import type { EntitySpec } from '../../contract/entities.js';
import type { Engine } from '../../engine/engine.js';
import type { ExportFile } from '../../exports/discover-exports.js';
import {
  csvLoadStatement,
  csvRawText,
  csvRowsQuery,
  jsonKeysQuery,
  jsonRowsQuery,
  linesLoadStatement,
  MAX_INLINE_SHIFTS,
} from './file-readers.js';
import type { FileError, LineShifts } from './file-readers.js';
import { mapColumns, splitHeaderLine, visibleName } from '../../exports/export-header.js';
import type { ColumnMapping } from '../../exports/export-header.js';
import { collectStructuralRejects } from './structural-rejects.js';
import { redactedJsonText } from './validation-sql.js';

/** Session tables of the file being landed (one file at a time). */
const FILE_ROWS = 'landing_file_rows';
const FILE_REJECTS = 'landing_file_rejects';
const FILE_SHIFTS = 'landing_file_shifts';

/** A file's rows as text, its column mapping, and its structural rejects. */
interface LoadedFile {
  readonly mapping: ColumnMapping;
  readonly structural: number;
  /** Builds the raw rows query, given the file-wide error if any. */
  readonly rawRows: (fileError: FileError | null) => string;
  readonly rawText: string;
}

/**
 * The line shifts of a file with `structural` rejects: none, the few there
 * are inline, or the shifts table when there are more.
 */
async function lineShifts(engine: Engine, structural: number): Promise<LineShifts | null> {
  if (structural === 0) return null;
  const rows = await engine.query(
    `SELECT from_position, shift FROM ${FILE_SHIFTS} ORDER BY from_position ` +
      `LIMIT ${MAX_INLINE_SHIFTS + 1}`,
  );
  return rows.length > MAX_INLINE_SHIFTS
    ? { table: FILE_SHIFTS }
    : { inline: rows.map((r) => ({ from: Number(r.from_position), shift: Number(r.shift) })) };
}

/** Loads a CSV file whose first line is `headerLine`. */
async function loadCsv(
  engine: Engine,
  entity: EntitySpec,
  file: ExportFile,
  headerLine: string,
  rejectsTarget: string,
): Promise<LoadedFile> {
  const header = splitHeaderLine(headerLine);
  const mapping = mapColumns(entity, header);
  await engine.execute(csvLoadStatement(file.path, header.length, FILE_ROWS, FILE_REJECTS));
  const structural = await collectStructuralRejects(
    engine,
    { entity, file, header, firstLine: 2, rejectsTable: FILE_REJECTS },
    rejectsTarget,
    FILE_SHIFTS,
  );
  const shifts = await lineShifts(engine, structural);
  return {
    mapping,
    structural,
    rawRows: (error) => csvRowsQuery(entity, FILE_ROWS, header, mapping, shifts, error),
    rawText: csvRawText(entity, header),
  };
}

/** Loads a JSON Lines file; its keys are its columns. */
async function loadJsonLines(
  engine: Engine,
  entity: EntitySpec,
  file: ExportFile,
  rejectsTarget: string,
): Promise<LoadedFile> {
  await engine.execute(linesLoadStatement(file.path, FILE_ROWS, FILE_REJECTS));
  const structural = await collectStructuralRejects(
    engine,
    { entity, file, header: [], firstLine: 1, rejectsTable: FILE_REJECTS },
    rejectsTarget,
    FILE_SHIFTS,
  );
  const keys = (await engine.query(jsonKeysQuery(FILE_ROWS))).map((r) =>
    visibleName(String(r.name)),
  );
  const mapping = mapColumns(entity, keys);
  const shifts = await lineShifts(engine, structural);
  return {
    mapping,
    structural,
    rawRows: (error) => jsonRowsQuery(entity, FILE_ROWS, mapping, shifts, error),
    rawText: entity.columns.some((c) => c.pii) ? redactedJsonText(entity) : 'line',
  };
}

export { FILE_ROWS, FILE_SHIFTS, loadCsv, loadJsonLines };
