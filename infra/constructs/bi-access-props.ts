import type { AthenaWorkgroups } from './athena-workgroups.js';
import type { DataLakeBuckets } from './data-lake-buckets.js';
import type { GlueCatalog } from './glue-catalog.js';

/** What BI tools may read. */
interface BiAccessProps {
  readonly buckets: DataLakeBuckets;
  readonly catalog: GlueCatalog;
  readonly workgroups: AthenaWorkgroups;
}

export type { BiAccessProps };
