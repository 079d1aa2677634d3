/**
 * Tells a human when a night did not publish or did not write its report:
 * a failed or timed-out execution, a start the scheduler could not make,
 * and, as the net under all of them, no successful night within the SLA
 * (which also catches a disabled schedule or a night that never ended).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import type { PipelineAlarmsProps } from './pipeline-alarms-props.js';

class PipelineAlarms extends Construct {
  public readonly nightFailed: cloudwatch.Alarm;
  public readonly nightTimedOut: cloudwatch.Alarm;
  public readonly startFailed: cloudwatch.Alarm;
  public readonly notPublishedBySla: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const notify = new actions.SnsAction(props.topic);
    const anyIn5Minutes = (
      alarmId: string,
      description: string,
      metric: cloudwatch.IMetric,
    ): cloudwatch.Alarm => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      return alarm;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    this.nightFailed = anyIn5Minutes(
      'NightFailed',
      'A nightly run failed: nothing was published, or the night was published but its report ' +
        'was not written (the failure message on this topic says which).',
      props.stateMachine.metricFailed(fiveMinutes),
    );
    this.nightTimedOut = anyIn5Minutes(
      'NightTimedOut',
      'A nightly run hit the state machine timeout: nothing was published.',
      props.stateMachine.metricTimedOut(fiveMinutes),
    );
    this.startFailed = anyIn5Minutes(
      'StartFailed',
      'EventBridge Scheduler could not start the nightly run (message in the dead-letter queue).',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(fiveMinutes),
    );
    // Hourly sums, every one of the last N hours without a success: missing data breaches.
    this.notPublishedBySla = new cloudwatch.Alarm(this, 'NotPublishedBySla', {
      alarmDescription:
        `No nightly run has succeeded for ${props.publishSlaHours} hours: ` +
        'the KPI tables or the monthly report are stale.',
      metric: props.stateMachine.metricSucceeded({
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      evaluationPeriods: props.publishSlaHours,
      datapointsToAlarm: props.publishSlaHours,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.notPublishedBySla.addAlarmAction(notify);
    this.notPublishedBySla.addOkAction(notify);
  }
}

export { PipelineAlarms };
