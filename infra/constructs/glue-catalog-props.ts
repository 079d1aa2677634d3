import type { DataLakeBuckets } from './data-lake-buckets.js';

/** What the catalog describes. */
interface GlueCatalogProps {
  /** The raw tables describe `buckets.raw`. */
  readonly buckets: DataLakeBuckets;
  /**
   * true: stack deletion deletes the databases (their data stays in S3
   * unless the buckets go too).
   * @default false
   */
  readonly destroyOnDelete?: boolean;
}

export type { GlueCatalogProps };
