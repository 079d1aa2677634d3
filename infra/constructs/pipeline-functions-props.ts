import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { PipelineConfig } from '../../functions/core/config/pipeline-config.js';
import type { AthenaWorkgroups } from './athena-workgroups.js';
import type { DataLakeBuckets } from './data-lake-buckets.js';
import type { GlueCatalog } from './glue-catalog.js';

/** What the six handlers run against. */
interface PipelineFunctionsProps {
  /** The project root: functions/, sql/ and package-lock.json. */
  readonly rootDir: string;
  readonly buckets: DataLakeBuckets;
  readonly catalog: GlueCatalog;
  readonly workgroups: AthenaWorkgroups;
  /** The pipeline settings the functions receive (validated by the CLI's schema). */
  readonly pipelineConfig: Partial<PipelineConfig>;
  /** publish-night deletes KPI builds older than this (keeping the published one). */
  readonly rollbackRetentionDays: number;
  readonly logRetention: RetentionDays;
  /** @default false */
  readonly destroyOnDelete?: boolean;
}

export type { PipelineFunctionsProps };
