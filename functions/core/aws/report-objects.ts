/**
 * Writes a built report to the curated bucket, as report-layout.ts names
 * and orders its files: `report/<YYYY-MM>/<table>.csv`, then
 * `report/<YYYY-MM>.html`, then `report/latest.html`, one after the other,
 * so latest.html is rewritten only once the month's page and CSV files are
 * all there. Objects take the bucket's default encryption (its KMS key): no
 * SSE header is sent, since `aws:kms` without a key id would pick the
 * AWS-managed key.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ReportFiles } from '../report/build-report.js';
import { inWriteOrder, reportLayout } from '../report/report-layout.js';
import { REPORT_PREFIX } from './run-layout.js';
import { putText } from './s3-objects.js';


/** Puts every file of the report in write order; returns the keys written. */
async function putReport(s3: S3Client, bucket: string, report: ReportFiles): Promise<string[]> {
  const keys: string[] = [];
  for (const file of inWriteOrder(reportLayout(report))) {
    const key = `${REPORT_PREFIX}${file.path}`;
    await putText(s3, bucket, key, file.body, file.contentType);
    keys.push(key);
  }
  return keys;
}

export { putReport };
