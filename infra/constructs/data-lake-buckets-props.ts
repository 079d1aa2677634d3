/** Settings of the four buckets and their key. */
interface DataLakeBucketsProps {
  /**
   * true: stack deletion empties and deletes the buckets and schedules the
   * key's deletion. false keeps the data when the stack goes away.
   * @default false
   */
  readonly destroyOnDelete?: boolean;
  /** Athena query results expire after this many days. */
  readonly queryResultRetentionDays: number;
  /** Superseded versions of raw and curated objects are deleted after this many days. */
  readonly rollbackRetentionDays: number;
  /** S3 server access logs expire after this many days. */
  readonly accessLogRetentionDays: number;
}

export type { DataLakeBucketsProps };
