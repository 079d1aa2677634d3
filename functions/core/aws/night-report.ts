/**
 * The report step of an Athena night: builds the monthly report from the
 * published KPI tables with the same buildReport the local runner uses,
 * reading the published names of the KPI database through the pipeline
 * workgroup, and writes it to the curated bucket (report-objects.ts).
 *
 * This is the one Lambda that waits on Athena, because its queries are
 * small: nine SELECTs of KPI tables (kilobytes each), one after the other,
 * each given at most REPORT_QUERY_WAIT_MS before it is stopped and the
 * step fails. Nine times that stays within the function's timeout.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AthenaEngine } from './athena-engine.js';
import type { AthenaApi } from './athena-query-runner.js';
import { buildReport, NO_MONTH_PUBLISHED } from '../report/build-report.js';
import type { ReportOptions } from '../report/build-report.js';
import { putReport } from './report-objects.js';
import type { AthenaCatalog } from './run-layout.js';

/** Longest wait for one report query (queued or running) before it is stopped. */
const REPORT_QUERY_WAIT_MS = 25_000;

/** Polls of a small query: 500 ms doubling up to this. */
const REPORT_POLL_CAP_MS = 2_000;

interface NightReportDeps {
  readonly athena: AthenaApi;
  readonly s3: S3Client;
  readonly catalog: AthenaCatalog;
  /** The workgroup the queries run in (the pipeline's). */
  readonly workGroup: string;
}

interface NightReportRequest {
  /** The run just published: the report is written only while it is the published one. */
  readonly runId: string;
  readonly options: ReportOptions;
}

type NightReportOutcome =
  | { readonly status: 'written'; readonly runId: string; readonly month: string; readonly keys: string[] }
  | { readonly status: 'skipped'; readonly runId: string; readonly reason: string };

/**
 * Writes the report of the published tables; skips it when no month is
 * published yet, or when another run has been published since `runId`
 * (that run's own report step writes it).
 */
async function writeNightReport(deps: NightReportDeps, request: NightReportRequest): Promise<NightReportOutcome> {
  const { runId } = request;
  const engine = new AthenaEngine({
    api: deps.athena,
    workGroup: deps.workGroup,
    database: deps.catalog.kpiDatabase,
    maxWaitMs: REPORT_QUERY_WAIT_MS,
    maxPollMs: REPORT_POLL_CAP_MS,
  });
  try {
    const report = await buildReport(engine, request.options);
    if (!report) return { status: 'skipped', runId, reason: NO_MONTH_PUBLISHED };
    if (report.runId !== runId) {
      return { status: 'skipped', runId, reason: `run ${report.runId} is published now, not ${runId}` };
    }
    const keys = await putReport(deps.s3, deps.catalog.curatedBucket, report);
    return { status: 'written', runId, month: report.month, keys };
  } finally {
    await engine.close();
  }
}

export { writeNightReport };
export type { NightReportDeps, NightReportOutcome, NightReportRequest };
