/**
 * The land step on AWS: finds a night's export files in the raw bucket
 * (`<entity>/export_date=YYYY-MM-DD/<file>`) and classifies each one from
 * its listing and first bytes only, so the step takes seconds whatever the
 * data size. Rows are validated later by Athena (plan/landing-sql.ts);
 * what a row-less look can tell (no header, missing required column, not
 * UTF-8, unsupported format, empty) is decided here, with the fix.
 */
import { constants, createGunzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { entities, entityNames } from '../contract/entities.js';
import { PipelineError } from '../errors.js';
import { RAW_CSV_FIELDS } from './raw-catalog.js';
import type { ManifestFile } from './run-manifest.js';
import { mapLimit } from './map-limit.js';
import { listFolders, listObjects, readHead } from './s3-objects.js';
import { formatOf } from '../exports/discover-exports.js';
import { mapColumns, splitHeaderLine } from '../exports/export-header.js';

/** What the land step found under the raw bucket for one night. */
interface RawExports {
  readonly asOf: string;
  readonly files: readonly ManifestFile[];
  readonly unknownFolders: readonly string[];
}

/** Bytes read from the start of a CSV file to find its header row. */
const HEAD_BYTES = 1 << 20;
/** Files classified at once (one ranged GET each). */
const CLASSIFY_CONCURRENCY = 16;

const exportKey = /^([^/]+)\/export_date=(\d{4}-\d{2}-\d{2})\/([^/]+)$/;
const REEXPORT = 're-export the file as UTF-8 CSV with a header row';
const NO_ROWS_FIX = 'none needed if the export had no rows';

/** Decompresses the start of a gzip file; `whole` when `head` is the entire file. */
function gunzipHead(head: Buffer, whole: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A partial stream must not fail for ending early; a whole one must.
    const gunzip = createGunzip(whole ? {} : { finishFlush: constants.Z_SYNC_FLUSH });
    const chunks: Buffer[] = [];
    let length = 0;
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length > HEAD_BYTES) {
        gunzip.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    gunzip.on('end', () => resolve(Buffer.concat(chunks)));
    gunzip.on('error', reject);
    gunzip.end(head);
  });
}

type Classified = Pick<
  ManifestFile,
  'status' | 'header' | 'unknownColumns' | 'fileError' | 'problem' | 'fix'
>;

function wholeFile(status: 'empty' | 'unreadable' | 'unsupported', problem: string, fix: string): Classified {
  return { status, unknownColumns: [], problem, fix };
}

/**
 * Classifies a CSV file from its first bytes: header, column mapping, and
 * the whole-file problems that need no row. `complete` says the bytes are
 * the entire (decompressed) file.
 */
function classifyCsvHead(entityName: string, text: Buffer, complete: boolean): Classified {
  const entity = entities.find((e) => e.name === entityName);
  if (!entity) throw new RangeError(`no entity ${entityName} in the export contract`);
  const newline = text.indexOf(0x0a);
  if (newline < 0 && !complete) {
    return wholeFile('unreadable', 'no line break in the first 1 MB, so no header row', REEXPORT);
  }
  const headBytes = text.subarray(0, newline < 0 ? text.length : newline);
  let line: string;
  try {
    line = new TextDecoder('utf-8', { fatal: true }).decode(headBytes).replace(/\r$/, '');
  } catch {
    return wholeFile('unreadable', 'the header row is not UTF-8 text', REEXPORT);
  }
  const header = splitHeaderLine(line);
  const mapping = mapColumns(entity, header);
  const rest = newline < 0 ? '' : text.subarray(newline + 1).toString('latin1');
  if (complete && rest.trim() === '') {
    return {
      ...wholeFile('empty', 'the file has a header but no rows', NO_ROWS_FIX),
      header,
      unknownColumns: [...mapping.unknown],
    };
  }
  const beyond = [...mapping.found].filter(([, names]) =>
    names.some((n) => header.indexOf(n) >= RAW_CSV_FIELDS),
  );
  const missing = [...mapping.missingRequired, ...beyond.map(([c]) => c)];
  if (missing.length > 0) {
    const columns = missing.join(', ');
    const why =
      beyond.length > 0
        ? `column ${columns} comes after field ${RAW_CSV_FIELDS}, where Athena stops reading`
        : `required column ${columns} is missing`;
    return {
      status: 'ok',
      header,
      unknownColumns: [...mapping.unknown],
      fileError: {
        column: columns,
        reason:
          beyond.length > 0
            ? `${why}: whole file rejected`
            : `required column ${columns} is missing from the file: whole file rejected`,
      },
      problem: `${why}, so the whole file was rejected`,
      fix:
        beyond.length > 0
          ? `put the contract columns among the first ${RAW_CSV_FIELDS} columns`
          : `add the column ${columns} to the export header`,
    };
  }
  return { status: 'ok', header, unknownColumns: [...mapping.unknown] };
}

async function classify(
  s3: S3Client,
  bucket: string,
  entity: string,
  key: string,
  bytes: number,
): Promise<Classified> {
  const format = formatOf(key);
  if (format === null) {
    return wholeFile(
      'unsupported',
      'not a CSV or JSON Lines file, so it was not read',
      'export as .csv, .csv.gz, .jsonl or .jsonl.gz, or move the file out of the export folder',
    );
  }
  if (bytes === 0) return wholeFile('empty', 'the file is empty', NO_ROWS_FIX);
  if (format === 'jsonl') return { status: 'ok', unknownColumns: [] };
  const head = await readHead(s3, bucket, key, HEAD_BYTES);
  const whole = bytes <= HEAD_BYTES;
  if (!key.toLowerCase().endsWith('.gz')) return classifyCsvHead(entity, head, whole);
  let text: Buffer;
  try {
    text = await gunzipHead(head, whole);
  } catch (cause) {
    return wholeFile(
      'unreadable',
      `the gzip file is cut off or corrupt (${cause instanceof Error ? cause.message : String(cause)})`,
      're-export the file: it is incomplete, so some of its rows cannot be read',
    );
  }
  return classifyCsvHead(entity, text, whole && text.length <= HEAD_BYTES);
}

/**
 * Lists and classifies every export file dated on or before the night's
 * export date (the latest date present when none is given). Throws when
 * no customers or orders export exists: a night needs both.
 */
async function findRawExports(
  s3: S3Client,
  rawBucket: string,
  exportDate?: string,
): Promise<RawExports> {
  const unknownFolders: string[] = [];
  const listed: {
    entity: string;
    key: string;
    exportDate: string;
    bytes: number;
    etag: string;
  }[] = [];
  for (const folder of await listFolders(s3, rawBucket, '')) {
    const name = folder.slice(0, -1);
    if (name.startsWith('.') || name.startsWith('_')) continue;
    if (!(entityNames as readonly string[]).includes(name)) {
      unknownFolders.push(name);
      continue;
    }
    for (const object of await listObjects(s3, rawBucket, folder)) {
      const m = exportKey.exec(object.key);
      const fileName = m?.[3] ?? '';
      // Athena skips names starting with `_` or `.`, so the manifest does too.
      if (!m?.[2] || m[1] !== name || /^[_.]/.test(fileName)) continue;
      listed.push({
        entity: name,
        key: object.key,
        exportDate: m[2],
        bytes: object.bytes,
        etag: object.etag,
      });
    }
  }
  const asOf = exportDate ?? listed.reduce((d, f) => (f.exportDate > d ? f.exportDate : d), '');
  if (!asOf) {
    throw new PipelineError(
      `no exports found in s3://${rawBucket}/ (expected <entity>/export_date=YYYY-MM-DD/<file>)`,
    );
  }
  const night = listed.filter((f) => f.exportDate <= asOf);
  for (const entity of entities.filter((e) => e.requiredForNight)) {
    if (!night.some((f) => f.entity === entity.name)) {
      throw new PipelineError(
        `no ${entity.name} export on or before ${asOf} in s3://${rawBucket}/: ` +
          'customers and orders are required for a night',
      );
    }
  }
  const files = await mapLimit(night, CLASSIFY_CONCURRENCY, async (f) => ({
    ...f,
    format: formatOf(f.key),
    ...(await classify(s3, rawBucket, f.entity, f.key, f.bytes)),
  }));
  return { asOf, files, unknownFolders };
}

export { findRawExports };
export type { RawExports };
