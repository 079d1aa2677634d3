/**
 * Finds the export files of a night in the contract layout
 * `<dir>/<entity>/export_date=YYYY-MM-DD/<file>`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { entityNames } from '../contract/entities.js';
import { ConfigInvalidError } from '../errors.js';

type ExportFormat = 'csv' | 'jsonl';

interface ExportFile {
  readonly entity: string;
  readonly exportDate: string;
  /** Absolute or as-given path, used to read the file. */
  readonly path: string;
  /** Path relative to the exports folder, shown to users and in rejects. */
  readonly relativePath: string;
  readonly bytes: number;
  /** null: an extension outside the contract (the file is reported). */
  readonly format: ExportFormat | null;
}

interface Discovery {
  readonly files: readonly ExportFile[];
  /**
   * Paths outside the contract layout (a folder that is no entity, an entity
   * entry that is no `export_date=YYYY-MM-DD` folder of a real date):
   * reported, never read, so no export is skipped without a word.
   */
  readonly unknownFolders: readonly string[];
}

const exportDateFolder = /^export_date=(\d{4}-\d{2}-\d{2})$/;

/** TRUE for a real calendar day written YYYY-MM-DD (not 2025-02-30). */
function isIsoDate(text: string): boolean {
  const day = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

/** The export date of a partition folder name, or null when it is none. */
function partitionDate(name: string): string | null {
  const date = exportDateFolder.exec(name)?.[1];
  return date && isIsoDate(date) ? date : null;
}

/** Format from the name: `.csv`, `.jsonl`, `.ndjson`, each optionally `.gz`. */
function formatOf(fileName: string): ExportFormat | null {
  const name = fileName.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return null;
}

async function listDir(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch {
    return [];
  }
}

/**
 * Refuses an exports folder that is not there before anything is written:
 * a mistyped path is bad input, not a night without exports.
 */
async function assertExportsFolder(exportsDir: string): Promise<void> {
  const info = await stat(exportsDir).catch((cause: unknown) => {
    throw new ConfigInvalidError(`the exports folder ${exportsDir} does not exist`, { cause });
  });
  if (!info.isDirectory()) throw new ConfigInvalidError(`the exports folder ${exportsDir} is not a folder`);
}

/** Lists every export file on or before `throughDate` (all when omitted). */
async function discoverExports(
  exportsDir: string,
  throughDate?: string,
): Promise<Discovery> {
  await assertExportsFolder(exportsDir);
  const files: ExportFile[] = [];
  const unknownFolders: string[] = [];
  for (const folder of await listDir(exportsDir)) {
    if (folder.startsWith('.')) continue;
    if (!(entityNames as readonly string[]).includes(folder)) {
      unknownFolders.push(folder);
      continue;
    }
    for (const partition of await listDir(join(exportsDir, folder))) {
      if (partition.startsWith('.')) continue;
      const exportDate = partitionDate(partition);
      if (!exportDate) unknownFolders.push(join(folder, partition));
      if (!exportDate || (throughDate && exportDate > throughDate)) continue;
      for (const name of await listDir(join(exportsDir, folder, partition))) {
        if (name.startsWith('.')) continue;
        const path = join(exportsDir, folder, partition, name);
        const info = await stat(path);
        if (!info.isFile()) continue;
        files.push({
          entity: folder,
          exportDate,
          path,
          relativePath: join(folder, partition, name),
          bytes: info.size,
          format: formatOf(name),
        });
      }
    }
  }
  return { files, unknownFolders };
}

/** The newest export date present for any entity, or null when none. */
function latestExportDate(files: readonly ExportFile[]): string | null {
  return files.reduce<string | null>(
    (latest, f) => (latest === null || f.exportDate > latest ? f.exportDate : latest),
    null,
  );
}

export { assertExportsFolder, discoverExports, formatOf, isIsoDate, latestExportDate };
export type { Discovery, ExportFile, ExportFormat };
