/**
 * Which files a report is made of, what each is called and in which order
 * they are written, for every writer (the local warehouse, the curated
 * bucket): under the folder `report/`, the month's CSV bundle
 * `<YYYY-MM>/<table>.csv`, its page `<YYYY-MM>.html`, then `latest.html`.
 * Written last, latest.html never shows a month whose files are not all
 * there yet.
 */
import type { ReportFiles } from './build-report.js';

/** The folder of every report, in a warehouse directory or a bucket. */
const REPORT_FOLDER = 'report';

const HTML = 'text/html; charset=utf-8';
const CSV = 'text/csv; charset=utf-8';

/** One file of the report. */
interface ReportFile {
  /** Path under the report folder, `/`-separated: `2025-03/kpi_cac_by_channel.csv`. */
  readonly path: string;
  readonly body: string;
  /** Media type, for writers that store one (S3). */
  readonly contentType: string;
}

interface ReportLayout {
  /** Folder of the CSV bundle under the report folder: `<YYYY-MM>`. */
  readonly csvFolder: string;
  /** One file per published table the report read. */
  readonly csv: readonly ReportFile[];
  /** `<YYYY-MM>.html`. */
  readonly monthPage: ReportFile;
  /** `latest.html`: the same page under a fixed name. */
  readonly latestPage: ReportFile;
}

/** The files of a built report, named. */
function reportLayout(report: ReportFiles): ReportLayout {
  return {
    csvFolder: report.csvFolder,
    csv: [...report.csv].map(([name, body]) => ({ path: `${report.csvFolder}/${name}`, body, contentType: CSV })),
    monthPage: { path: `${report.month}.html`, body: report.html, contentType: HTML },
    latestPage: { path: 'latest.html', body: report.html, contentType: HTML },
  };
}

/** Every file in the order it must be written: the CSV bundle, the month's page, latest.html last. */
function inWriteOrder(layout: ReportLayout): ReportFile[] {
  return [...layout.csv, layout.monthPage, layout.latestPage];
}

export { inWriteOrder, REPORT_FOLDER, reportLayout };
export type { ReportFile, ReportLayout };
