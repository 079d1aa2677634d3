/**
 * Writes the report into a local warehouse, as report-layout.ts names its
 * files: `report/<YYYY-MM>/<table>.csv`, `report/<YYYY-MM>.html`, then
 * `report/latest.html`. Each page is written under a temporary name and
 * renamed, so a reader never opens a half-written page, and the CSV folder
 * is replaced whole.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { buildReport, NO_MONTH_PUBLISHED } from './build-report.js';
import type { ReportOptions } from './build-report.js';
import { REPORT_FOLDER, reportLayout } from './report-layout.js';
import type { ReportFile } from './report-layout.js';

interface WrittenReport {
  readonly status: 'written';
  readonly month: string;
  readonly htmlPath: string;
  readonly latestPath: string;
  readonly csvDir: string;
  readonly bytes: number;
}

/** A night with no month to report (no customer has an acquisition date yet). */
interface SkippedReport {
  readonly status: 'skipped';
  readonly reason: string;
}

/** Writes a page under a temporary name, then renames it; returns its path. */
async function writeAtomically(dir: string, file: ReportFile): Promise<string> {
  const path = join(dir, file.path);
  const temporary = `${path}.tmp`;
  await writeFile(temporary, file.body);
  await rename(temporary, path);
  return path;
}

/** Writes the CSV files into a fresh folder that then replaces the month's folder. */
async function replaceCsvFolder(csvDir: string, files: readonly ReportFile[]): Promise<void> {
  const staging = `${csvDir}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  for (const file of files) await writeFile(join(staging, basename(file.path)), file.body);
  await rm(csvDir, { recursive: true, force: true });
  await rename(staging, csvDir);
}

/**
 * Builds the report from the published tables and writes it under
 * `<warehouse>/report`; says so instead when there is no month to report.
 */
async function writeReport(
  engine: Engine,
  warehouseDir: string,
  options: ReportOptions,
): Promise<WrittenReport | SkippedReport> {
  const report = await buildReport(engine, options);
  if (!report) return { status: 'skipped', reason: NO_MONTH_PUBLISHED };
  const layout = reportLayout(report);
  const dir = join(warehouseDir, REPORT_FOLDER);
  await mkdir(dir, { recursive: true });
  const csvDir = join(dir, layout.csvFolder);
  await replaceCsvFolder(csvDir, layout.csv);
  const htmlPath = await writeAtomically(dir, layout.monthPage);
  const latestPath = await writeAtomically(dir, layout.latestPage);
  return { status: 'written', month: report.month, htmlPath, latestPath, csvDir, bytes: Buffer.byteLength(report.html) };
}

export { writeReport };
export type { SkippedReport, WrittenReport };
