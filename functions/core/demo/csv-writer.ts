/**
 * Streaming writer for one export file (CSV with header or JSON Lines,
 * optionally gzip). Rows are encoded straight into a 1 MB Buffer that goes to
 * the stream when full: per-row stream writes would cost more than generating
 * the rows, and a growing string buffer keeps every row alive until the flush,
 * which made garbage collection the biggest cost of a large run. Callers await
 * `drained()` now and then so a slow disk (or gzip) holds the generator back
 * instead of filling memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { quoteCsvField } from '../csv/csv-field.js';
import type { ColumnLayout } from './entities.js';

/** A cell: a formatted value, or null when the export leaves it empty. */
type Cell = string | null;

interface TableWriterOptions {
  readonly path: string;
  readonly columns: readonly ColumnLayout[];
  readonly format: 'csv' | 'jsonl';
  readonly gzip: boolean;
  /** Called after each chunk is handed to the stream, with the rows so far. */
  readonly onFlush?: (rows: number) => void;
}

interface WrittenFile {
  readonly path: string;
  readonly rows: number;
  /** Size on disk (compressed size for gzip files). */
  readonly bytes: number;
}

const CHUNK_BYTES = 1 << 20;
/** Worst case UTF-8 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;
/** One export file being written; see the module comment for why it buffers. */
class TableWriter {
  readonly path: string;
  private readonly columns: readonly ColumnLayout[];
  private readonly format: 'csv' | 'jsonl';
  private readonly onFlush: ((rows: number) => void) | undefined;
  private readonly file: WriteStream;
  private readonly sink: WriteStream | Gzip;
  /** JSON Lines: `{"col":` before the first value, `,"col":` before the others. */
  private readonly jsonKeys: readonly string[];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private pendingDrain: Promise<void> | undefined;
  private releaseDrain: (() => void) | undefined;
  private failure: Error | undefined;
  private rowCount = 0;

  constructor(options: TableWriterOptions) {
    this.path = options.path;
    this.columns = options.columns;
    this.format = options.format;
    this.onFlush = options.onFlush;
    this.file = createWriteStream(options.path, { highWaterMark: CHUNK_BYTES });
    this.file.on('error', (error) => this.fail(error));
    if (options.gzip) {
      const gzip = createGzip({ chunkSize: 1 << 16 });
      gzip.on('error', (error) => this.fail(error));
      gzip.pipe(this.file);
      this.sink = gzip;
    } else {
      this.sink = this.file;
    }
    this.jsonKeys = options.columns.map(
      (c, i) => (i === 0 ? '{' : ',') + JSON.stringify(c.name) + ':',
    );
    if (options.format === 'csv')
      this.append(options.columns.map((c) => quoteCsvField(c.name)).join(','));
  }

  /** Data rows written so far. */
  get rows(): number {
    return this.rowCount;
  }

  /** The line number the next row gets: the CSV header is line 1, JSON Lines start at 1. */
  get nextLine(): number {
    return this.rowCount + (this.format === 'csv' ? 2 : 1);
  }

  write(cells: readonly Cell[]): void {
    if (cells.length !== this.columns.length) {
      throw new Error(
        `${this.path}: ${cells.length} cells for ${this.columns.length} columns`,
      );
    }
    this.writeRaw(
      this.format === 'csv' ? this.csvLine(cells) : this.jsonLine(cells),
    );
  }

  /** Appends one line as is; the way deliberately malformed rows get in. */
  writeRaw(line: string): void {
    this.append(line);
    this.rowCount += 1;
  }

  /**
   * Resolves once the stream has room again, rejects when it failed (disk
   * full, no permission); undefined when there is nothing to wait for.
   */
  drained(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    return this.pendingDrain;
  }

  async close(): Promise<WrittenFile> {
    this.flush();
    await this.drained();
    this.sink.end();
    await finished(this.file);
    if (this.failure) throw this.failure;
    return {
      path: this.path,
      rows: this.rowCount,
      bytes: (await stat(this.path)).size,
    };
  }

  /** Abandons the file after a failed run (it stays incomplete on disk). */
  destroy(): void {
    this.sink.destroy();
    this.file.destroy();
  }

  private csvLine(cells: readonly Cell[]): string {
    let line = '';
    for (let i = 0; i < cells.length; i += 1) {
      const cell = cells[i];
      if (i > 0) line += ',';
      if (cell) line += quoteCsvField(cell);
    }
    return line;
  }

  private jsonLine(cells: readonly Cell[]): string {
    let line = '';
    for (let i = 0; i < cells.length; i += 1) {
      const cell = cells[i] ?? null;
      const kind = this.columns[i]?.kind;
      line +=
        this.jsonKeys[i] +
        (cell === null
          ? 'null'
          : kind === 'number'
            ? cell
            : JSON.stringify(cell));
    }
    return line + '}';
  }

  private append(line: string): void {
    const room = CHUNK_BYTES - this.used;
    if ((line.length + 1) * MAX_BYTES_PER_UNIT > room) {
      this.flush();
      if ((line.length + 1) * MAX_BYTES_PER_UNIT > CHUNK_BYTES) {
        this.send(Buffer.from(line + '\n'));
        return;
      }
    }
    this.used += this.chunk.write(line, this.used);
    this.chunk[this.used] = 0x0a;
    this.used += 1;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.send(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  private send(bytes: Buffer): void {
    if (this.failure) return;
    const fits = this.sink.write(bytes);
    if (!fits && !this.pendingDrain) {
      this.pendingDrain = new Promise((resolve) => {
        this.releaseDrain = resolve;
        this.sink.once('drain', () => this.release());
      });
    }
    this.onFlush?.(this.rowCount);
  }

  private release(): void {
    this.pendingDrain = undefined;
    this.releaseDrain?.();
    this.releaseDrain = undefined;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.release();
  }
}

export { TableWriter, type Cell };
