/**
 * The output side of a generator run: one writer per entity for the bulk
 * export and, for customers and orders, one for the incremental export, laid
 * out as `<outDir>/<entity>/export_date=<YYYY-MM-DD>/<entity>.<ext>` exactly
 * like the raw bucket the pipeline reads.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TableWriter } from './csv-writer.js';
import {
  ENTITY_LAYOUTS,
  type EntityLayout,
  type EntityName,
} from './entities.js';

/** Only these entities change in the incremental export. */
type IncrementalEntity = 'customers' | 'orders';

/** One file written, as reported to the caller (and printed by the CLI). */
interface GeneratedFile {
  readonly entity: EntityName;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

interface ExportSinkOptions {
  readonly outDir: string;
  readonly bulkDate: string;
  readonly incrementalDate: string;
  readonly compress: boolean;
  readonly onProgress?: (entity: string, rowsWritten: number) => void;
}

function fileName(layout: EntityLayout, compress: boolean): string {
  return `${layout.name}.${layout.format}${compress && layout.big ? '.gz' : ''}`;
}

/** All files of one run; the simulation only asks for the writer it needs. */
class ExportSink {
  private readonly bulkWriters = new Map<EntityName, TableWriter>();
  private readonly incrementalWriters = new Map<EntityName, TableWriter>();

  private constructor(private readonly options: ExportSinkOptions) {}

  /** Creates the folders and opens every file, so a bad --out fails before any work. */
  static async open(options: ExportSinkOptions): Promise<ExportSink> {
    const sink = new ExportSink(options);
    for (const layout of ENTITY_LAYOUTS) {
      sink.bulkWriters.set(
        layout.name,
        await sink.openWriter(layout, options.bulkDate),
      );
      if (layout.name === 'customers' || layout.name === 'orders') {
        sink.incrementalWriters.set(
          layout.name,
          await sink.openWriter(layout, options.incrementalDate),
        );
      }
    }
    return sink;
  }

  bulk(entity: EntityName): TableWriter {
    const writer = this.bulkWriters.get(entity);
    if (!writer) throw new Error(`no bulk writer for ${entity}`);
    return writer;
  }

  incremental(entity: IncrementalEntity): TableWriter {
    const writer = this.incrementalWriters.get(entity);
    if (!writer) throw new Error(`no incremental writer for ${entity}`);
    return writer;
  }

  /** Waits until every file has room again (backpressure from disk or gzip). */
  async drained(): Promise<void> {
    for (const writer of this.writers()) await writer.drained();
  }

  /** Closes every file; reports them bulk export first, in contract order. */
  async close(): Promise<GeneratedFile[]> {
    const files: GeneratedFile[] = [];
    for (const [entity, writer] of [
      ...this.bulkWriters,
      ...this.incrementalWriters,
    ]) {
      files.push({ entity, ...(await writer.close()) });
    }
    for (const layout of ENTITY_LAYOUTS) this.reportProgress(layout.name);
    return files;
  }

  /** Abandons every file after a failed run. */
  destroy(): void {
    for (const writer of this.writers()) writer.destroy();
  }

  private writers(): TableWriter[] {
    return [...this.bulkWriters.values(), ...this.incrementalWriters.values()];
  }

  private async openWriter(
    layout: EntityLayout,
    date: string,
  ): Promise<TableWriter> {
    const dir = join(this.options.outDir, layout.name, `export_date=${date}`);
    await mkdir(dir, { recursive: true });
    return new TableWriter({
      path: join(dir, fileName(layout, this.options.compress)),
      columns: layout.columns,
      format: layout.format,
      gzip: this.options.compress && layout.big,
      onFlush: () => this.reportProgress(layout.name),
    });
  }

  private reportProgress(entity: EntityName): void {
    if (!this.options.onProgress) return;
    const rows =
      (this.bulkWriters.get(entity)?.rows ?? 0) +
      (this.incrementalWriters.get(entity)?.rows ?? 0);
    this.options.onProgress(entity, rows);
  }
}

export { ExportSink, type GeneratedFile };
