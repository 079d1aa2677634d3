import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/** What is watched and who hears about it. */
interface PipelineAlarmsProps {
  readonly stateMachine: sfn.StateMachine;
  /** The schedule's dead-letter queue: a night that never started. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Every alarm notifies this topic. */
  readonly topic: sns.ITopic;
  /** Alarm when no night has succeeded for this many hours. */
  readonly publishSlaHours: number;
}

export type { PipelineAlarmsProps };
