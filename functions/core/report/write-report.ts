/**
 * Writes the report into a local warehouse: `report/<YYYY-MM>.html`,
 * `report/latest.html` and `report/<YYYY-MM>/<table>.csv`. Each file is
 * written under a temporary name and renamed, so a reader never opens a
 * half-written page, and the CSV folder is replaced whole.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { buildReport } from './build-report.js';
import type { ReportOptions } from './build-report.js';

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

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
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
  if (!report) return { status: 'skipped', reason: 'no month published yet (kpi_headline_monthly is empty)' };
  const dir = join(warehouseDir, 'report');
  await mkdir(dir, { recursive: true });
  const csvDir = join(dir, report.month);
  const staging = `${csvDir}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  for (const [name, content] of report.csv) await writeFile(join(staging, name), content);
  await rm(csvDir, { recursive: true, force: true });
  await rename(staging, csvDir);
  const htmlPath = join(dir, `${report.month}.html`);
  const latestPath = join(dir, 'latest.html');
  await writeAtomically(htmlPath, report.html);
  await writeAtomically(latestPath, report.html);
  return { status: 'written', month: report.month, htmlPath, latestPath, csvDir, bytes: Buffer.byteLength(report.html) };
}

export { writeReport };
export type { SkippedReport, WrittenReport };
