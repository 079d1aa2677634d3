/**
 * The monthly report as files in memory: the HTML page named after its
 * month and the CSV bundle of its rows. Engine-agnostic, so the local
 * runner writes them to disk and production can put them in a bucket.
 */
import type { Engine } from '../engine/engine.js';
import { loadReportData } from './load-report-data.js';
import { renderReport } from './render-report.js';
import { toCsv } from './report-csv.js';

interface ReportOptions {
  /** ISO 4217 code of every money value (config reportingCurrency). */
  readonly currency: string;
  /** Config cacToClvMaxRatio, drawn as the CAC limit. */
  readonly cacToClvMaxRatio: number;
}

interface ReportFiles {
  /** `YYYY-MM` of the report month. */
  readonly month: string;
  readonly html: string;
  /** `<table>.csv` name -> content, for the folder `<YYYY-MM>/`. */
  readonly csv: ReadonlyMap<string, string>;
}

/**
 * Reads the published tables and renders the report of the latest complete
 * month; null when no month is published yet.
 */
async function buildReport(engine: Engine, options: ReportOptions): Promise<ReportFiles | null> {
  const data = await loadReportData(engine);
  if (!data) return null;
  const month = data.period.reportMonth.slice(0, 7);
  return {
    month,
    html: renderReport(data, { ...options, csvFolder: month }),
    csv: new Map(data.sources.map((s) => [`${s.name}.csv`, toCsv(s.rows)])),
  };
}

export { buildReport };
export type { ReportFiles, ReportOptions };
