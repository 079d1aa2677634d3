/**
 * Starts the night with EventBridge Scheduler: a cron read in the
 * configured time zone, retried when Step Functions refuses the start, and
 * a dead-letter queue for starts that never happened (the queue's depth
 * alarms). Failures of a started night are the state machine's alarms.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeRule } from './nag-acknowledgements.js';
import type { NightlyScheduleProps } from './nightly-schedule-props.js';

class NightlySchedule extends Construct {
  public readonly schedule: scheduler.Schedule;
  /** Start attempts that failed after every retry. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: NightlyScheduleProps) {
    super(scope, id);
    // SQS-managed encryption: the messages hold only the (empty) input and
    // the start error, and the scheduler needs no key grant to write them.
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeRule(
      this.deadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter queue of the schedule target; it needs none.',
    );
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Starts the nightly crm-kpi-warehouse run',
      schedule: scheduler.ScheduleExpression.expression(props.cron, TimeZone.of(props.timeZone)),
      // An empty input: land-exports picks the latest export date present.
      target: new targets.StepFunctionsStartExecution(props.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}

export { NightlySchedule };
