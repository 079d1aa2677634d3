/**
 * The monthly report as files in memory: the HTML page named after its
 * month and the CSV bundle of its rows. Engine-agnostic, so the local
 * runner writes them to disk and production puts them in a bucket (both
 * through report-layout.ts).
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
  /** The run whose published tables the report shows (their `run_id`). */
  readonly runId: string;
  readonly html: string;
  /** Folder of the CSV bundle, relative to the page (the page names it). */
  readonly csvFolder: string;
  /** `<table>.csv` name -> content, for the folder `csvFolder`. */
  readonly csv: ReadonlyMap<string, string>;
}

/** Why there is no report: no customer has an acquisition date yet. */
const NO_MONTH_PUBLISHED = 'no month published yet (kpi_headline_monthly is empty)';

/**
 * Reads the published tables and renders the report of the latest complete
 * month; null when no month is published yet.
 */
async function buildReport(engine: Engine, options: ReportOptions): Promise<ReportFiles | null> {
  const data = await loadReportData(engine);
  if (!data) return null;
  const month = data.period.reportMonth.slice(0, 7);
  const csvFolder = month;
  return {
    month,
    runId: data.period.runId,
    html: renderReport(data, { ...options, csvFolder }),
    csvFolder,
    csv: new Map(data.sources.map((s) => [`${s.name}.csv`, toCsv(s.rows)])),
  };
}

export { buildReport, NO_MONTH_PUBLISHED };
export type { ReportFiles, ReportOptions };
