import type { DataLakeBuckets } from './data-lake-buckets.js';

/** Limits of the two workgroups. */
interface AthenaWorkgroupsProps {
  /** Results land in `buckets.queryResults`, encrypted with `buckets.key`. */
  readonly buckets: DataLakeBuckets;
  /** A pipeline query scanning more than this many bytes is cancelled. */
  readonly etlBytesScannedCutoff: number;
  /** A BI query scanning more than this many bytes is cancelled. */
  readonly biBytesScannedCutoff: number;
}

export type { AthenaWorkgroupsProps };
