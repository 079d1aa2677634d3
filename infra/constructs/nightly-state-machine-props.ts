import type { Duration } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { AlarmTopic } from './alarm-topic.js';
import type { AthenaWorkgroups } from './athena-workgroups.js';
import type { DataLakeBuckets } from './data-lake-buckets.js';
import type { GlueCatalog } from './glue-catalog.js';
import type { PipelineFunctions } from './pipeline-functions.js';

/** What a night orchestrates and where it reports. */
interface NightlyStateMachineProps {
  readonly functions: PipelineFunctions;
  readonly workgroups: AthenaWorkgroups;
  readonly buckets: DataLakeBuckets;
  readonly catalog: GlueCatalog;
  /** A failed night is published here with its error and cause. */
  readonly alarmTopic: AlarmTopic;
  /** Models of one dependency level running on Athena at once. */
  readonly modelConcurrency: number;
  readonly logRetention: RetentionDays;
  /**
   * A night still running after this long is stopped (and alarms).
   * @default Duration.hours(6)
   */
  readonly timeout?: Duration;
  /** @default false */
  readonly destroyOnDelete?: boolean;
}

export type { NightlyStateMachineProps };
