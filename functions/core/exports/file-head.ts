/**
 * The two checks of an export file that happen before DuckDB reads it:
 * reading its first line (the CSV header), and proving a gzip file is whole.
 * DuckDB's gzip reader stops quietly at the end of a truncated file, so a
 * cut-off export would otherwise land part of its rows as if that were all.
 */
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { SourceFileInvalidError } from '../errors.js';

/** A header longer than this is not a header: the file is not a CSV. */
const MAX_HEADER_BYTES = 1 << 20;

const REEXPORT = 're-export the file as UTF-8 CSV with a header row';

/**
 * The first line of the (decompressed) file without its line break, or null
 * when the file has no content at all. Throws SourceFileInvalidError when
 * the line is not UTF-8 or longer than MAX_HEADER_BYTES. Reads only as far
 * as needed.
 */
async function readFirstLine(path: string, gzip: boolean): Promise<string | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  let end = -1;
  const raw = createReadStream(path);
  const gunzip = gzip ? createGunzip() : null;
  const stream = gunzip ? raw.pipe(gunzip) : raw;
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      const newline = bytes.indexOf(0x0a);
      if (newline >= 0) end = length + newline;
      chunks.push(bytes);
      length += bytes.length;
      if (end >= 0 || length > MAX_HEADER_BYTES) break;
    }
  } finally {
    gunzip?.destroy();
    raw.destroy();
  }
  if (length === 0) return null;
  const head = Buffer.concat(chunks).subarray(0, end >= 0 ? end : length);
  if (head.length > MAX_HEADER_BYTES) {
    throw new SourceFileInvalidError(path, 'no line break in the first 1 MB, so no header row', REEXPORT);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head).replace(/\r$/, '');
  } catch {
    throw new SourceFileInvalidError(path, 'the header row is not UTF-8 text', REEXPORT);
  }
}

/** Decompresses the whole file to nowhere; rejects if it is cut off or corrupt. */
async function verifyGzip(path: string): Promise<void> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  await pipeline(createReadStream(path), createGunzip(), sink);
}

export { readFirstLine, verifyGzip };
