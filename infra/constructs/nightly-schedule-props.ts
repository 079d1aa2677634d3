import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** When the night starts. */
interface NightlyScheduleProps {
  readonly stateMachine: sfn.IStateMachine;
  /** EventBridge Scheduler cron, e.g. `cron(30 2 * * ? *)`. */
  readonly cron: string;
  /** IANA zone the cron is read in (daylight saving time included). */
  readonly timeZone: string;
}

export type { NightlyScheduleProps };
