import { beforeAll, describe, expect, it } from 'vitest';
import { GATES_TARGET } from '../../functions/core/aws/run-layout.js';
import { synthWarehouse } from './synth-warehouse.js';
import type { SynthesizedWarehouse } from './synth-warehouse.js';
import { allStates, resourceNamed, resources, stateMachineDefinition } from './template-views.js';
import type { Json } from './template-views.js';

const ATHENA_SYNC = /:states:::athena:startQueryExecution\.sync$/;

describe('Construct: NightlyStateMachine', () => {
  let synth: SynthesizedWarehouse;
  let states: Map<string, Record<string, Json>>;
  const state = (name: string): Record<string, Json> => {
    const found = states.get(name);
    if (!found) throw new Error(`no state ${name}`);
    return found;
  };
  beforeAll(() => {
    synth = synthWarehouse();
    states = allStates(stateMachineDefinition(synth.template));
  });

  it('is a Standard machine with a timeout, execution-data-free logs and tracing', () => {
    // Prepare
    const [, machine] = resourceNamed(synth.template, 'AWS::StepFunctions::StateMachine', 'Night');

    // Act
    const definition = stateMachineDefinition(synth.template);

    // Assess: the default timeout is 6 hours = 21600 s
    expect(machine.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
    expect(definition.TimeoutSeconds).toBe(21600);
  });

  it('lands, plans, builds the levels in order, runs the gates, and publishes only when they pass', () => {
    // Prepare
    const next = (name: string): Json | undefined => state(name).Next;

    // Act
    const chain = ['Land', 'Plan', 'BuildLevels', 'RenderGates', 'RunGates', 'CheckGates'].map(next);
    const choice = state('GatesPassed?');

    // Assess
    expect(chain).toEqual(['Plan', 'BuildLevels', 'RenderGates', 'RunGates', 'CheckGates', 'GatesPassed?']);
    expect(choice.Choices).toEqual([{ Variable: '$.gates.passed', BooleanEquals: true, Next: 'Publish' }]);
    expect(choice.Default).toBe('GatesFailed');
    expect(state('GatesFailed').Type).toBe('Fail');
    expect(state('Publish').End).toBe(true);
  });

  it('builds one level at a time and at most crm:modelConcurrency (4) models of a level at once', () => {
    // Prepare
    const levels = state('BuildLevels');
    const models = state('BuildModels');

    // Act
    const processor = (models.ItemProcessor as { StartAt: string }).StartAt;

    // Assess
    expect(levels).toMatchObject({ Type: 'Map', ItemsPath: '$.plan.levels', MaxConcurrency: 1 });
    expect(models).toMatchObject({ Type: 'Map', ItemsPath: '$.models', MaxConcurrency: 4 });
    expect(processor).toBe('RenderModel');
    expect(state('RenderModel').Next).toBe('RunModel');
    expect(state('RunModel').Next).toBe('RecordModel');
  });

  it.each(['RunModel', 'RunGates'])(
    '%s waits for Athena in Step Functions and retries throttling with backoff and full jitter',
    (name) => {
      // Prepare
      const athena = state(name);

      // Act
      const retries = athena.Retry as Record<string, Json>[];

      // Assess: 2 s, doubling, at most 60 s apart, 8 attempts, jittered
      expect(athena.Resource).toMatch(ATHENA_SYNC);
      expect(athena.Parameters).toMatchObject({
        WorkGroup: 'crm-etl',
        QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'crm_stage' },
      });
      expect(retries).toEqual([
        {
          ErrorEquals: ['Athena.TooManyRequestsException', 'Athena.ThrottlingException'],
          IntervalSeconds: 2,
          BackoffRate: 2,
          MaxAttempts: 8,
          MaxDelaySeconds: 60,
          JitterStrategy: 'FULL',
        },
      ]);
    },
  );

  it('leaves Athena to Step Functions: every Lambda task is a plain invoke, retried on throttling', () => {
    // Prepare
    const tasks = [...states.entries()].filter(([, s]) => s.Type === 'Task' && !ATHENA_SYNC.test(String(s.Resource)));

    // Act
    const resources = new Set(tasks.map(([, s]) => String(s.Resource).replace(/^arn:<AWS::Partition>/, '')));

    // Assess: the six Lambda tasks and the two notifications
    expect(tasks.map(([n]) => n).sort()).toEqual(
      [
        'CheckGates',
        'Land',
        'NotifyFailure',
        'NotifyReportFailure',
        'Plan',
        'Publish',
        'RenderGates',
        'RenderModel',
        'RenderReport',
      ].sort(),
    );
    expect(resources).toEqual(new Set([':states:::lambda:invoke', ':states:::sns:publish']));
    for (const [name, task] of tasks.filter(([n]) => !n.startsWith('Notify'))) {
      expect(task.Retry, name).toContainEqual(
        expect.objectContaining({ ErrorEquals: ['Lambda.TooManyRequestsException'], JitterStrategy: 'FULL' }),
      );
    }
  });

  it('hands each handler the event its schema expects', () => {
    // Prepare
    const payload = (name: string): Json | undefined => (state(name).Parameters as Record<string, Json>).Payload;

    // Act
    const run = { 'runId.$': '$.runId', 'asOf.$': '$.asOf' };

    // Assess
    expect((state('Land').Parameters as Record<string, Json>)['Payload.$']).toBe('$');
    expect(payload('Plan')).toEqual(run);
    expect(payload('RenderModel')).toEqual({ ...run, 'model.$': '$.model' });
    expect(payload('RenderGates')).toEqual({ ...run, model: GATES_TARGET });
    expect(payload('CheckGates')).toEqual({
      ...run,
      'gateQueryExecutionId.$': '$.gatesQuery.queryExecutionId',
      'builds.$': '$.builds',
      'landing.$': '$.landing',
    });
    expect(payload('Publish')).toEqual(run);
    expect(payload('RenderReport')).toEqual(run);
  });

  it('passes only ids and statistics out of a model branch, never SQL or rows', () => {
    // Prepare
    const record = state('RecordModel');

    // Act
    const fields = Object.keys(record.Parameters as Record<string, Json>).sort();

    // Assess
    expect(fields).toEqual(['dataScannedInBytes.$', 'engineExecutionTimeInMillis.$', 'model.$', 'queryExecutionId.$']);
  });

  it('reports any failure once to the alarm topic, then fails the execution', () => {
    // Prepare
    const night = state('Night');

    // Act
    const catchers = night.Catch as Record<string, Json>[];

    // Assess
    expect(night.Type).toBe('Parallel');
    expect(catchers).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyFailure' }]);
    expect(state('NotifyFailure').Next).toBe('NightFailed');
    expect(state('NightFailed')).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
  });

  it('writes the report once the night is published, outside the catch that says nothing was published', () => {
    // Prepare
    const definition = stateMachineDefinition(synth.template);

    // Act
    const night = state('Night');
    const report = state('RenderReport');

    // Assess: the top level runs Night, then RenderReport; the branch ends with Publish
    expect(definition.StartAt).toBe('Night');
    expect(night.Next).toBe('RenderReport');
    expect(night.ResultSelector).toEqual({ 'runId.$': '$[0].runId', 'asOf.$': '$[0].asOf', 'publish.$': '$[0].publish' });
    expect(report).toMatchObject({ ResultPath: '$.report', End: true });
    expect(Object.keys(definition.States as Record<string, Json>).sort()).toEqual(
      ['Night', 'NightFailed', 'NotifyFailure', 'NotifyReportFailure', 'RenderReport', 'ReportFailed'].sort(),
    );
  });

  it('alarms a failed report as such and fails the execution, leaving the night published', () => {
    // Prepare
    const report = state('RenderReport');

    // Act
    const catchers = report.Catch as Record<string, Json>[];
    const notify = state('NotifyReportFailure');

    // Assess: the execution fails (the NightFailed alarm), with its own message on the topic
    expect(catchers).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyReportFailure' }]);
    expect((notify.Parameters as Record<string, Json>).Subject).toBe(
      'crm-kpi-warehouse: the night was published, its report was not written',
    );
    expect(notify.Next).toBe('ReportFailed');
    expect(state('ReportFailed')).toMatchObject({ Type: 'Fail', Error: 'ReportFailed', CausePath: '$.error.Cause' });
    expect(report.Retry).toEqual(state('Publish').Retry);
  });
});

describe('Construct: NightlySchedule and PipelineAlarms (cdk.json context)', () => {
  let synth: SynthesizedWarehouse;
  beforeAll(() => {
    synth = synthWarehouse();
  });

  it('starts the night at 02:30 UTC with retries and a dead-letter queue', () => {
    // Prepare
    const [machineId] = resourceNamed(synth.template, 'AWS::StepFunctions::StateMachine', 'Night');
    const [queueId] = resourceNamed(synth.template, 'AWS::SQS::Queue', 'Schedule');

    // Act + Assess: maxEventAge 6 h = 21600 s
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 2 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      Target: {
        Arn: { Ref: machineId },
        Input: '{}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      },
    });
  });

  it.each([
    ['NightFailed', 'AWS/States', 'ExecutionsFailed'],
    ['NightTimedOut', 'AWS/States', 'ExecutionsTimedOut'],
    ['StartFailed', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible'],
  ])('%s alarms the topic on the first %s %s', (alarm, namespace, metric) => {
    // Prepare
    const [topicId] = resourceNamed(synth.template, 'AWS::SNS::Topic', 'AlarmTopic');

    // Act
    const [, found] = resourceNamed(synth.template, 'AWS::CloudWatch::Alarm', `Alarms${alarm}`);

    // Assess
    expect(found.Properties).toMatchObject({
      Namespace: namespace,
      MetricName: metric,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('alarms when no night succeeded in 26 hours, counting missing hours as breaching', () => {
    // Prepare
    const [topicId] = resourceNamed(synth.template, 'AWS::SNS::Topic', 'AlarmTopic');

    // Act
    const [, sla] = resourceNamed(synth.template, 'AWS::CloudWatch::Alarm', 'AlarmsNotPublishedBySla');

    // Assess: 26 hourly sums, all below 1 (crm:publishSlaHours = 26)
    expect(sla.Properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsSucceeded',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
  });

  it('encrypts the alarm topic with its own rotated key, which CloudWatch may use', () => {
    // Prepare
    const [keyId, key] = resourceNamed(synth.template, 'AWS::KMS::Key', 'AlarmTopicKey');

    // Act
    const statements = JSON.stringify(key.Properties?.KeyPolicy);

    // Assess
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    expect(statements).toContain('"Principal":{"Service":"cloudwatch.amazonaws.com"}');
    synth.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(resources(synth.template, 'AWS::SNS::Subscription')).toHaveLength(0);
  });
});

describe('Construct: NightlySchedule, NightlyStateMachine and PipelineAlarms (context overrides)', () => {
  it('follows crm:schedule, crm:timeZone, crm:modelConcurrency and crm:publishSlaHours', () => {
    // Prepare
    const { template } = synthWarehouse({
      'crm:schedule': 'cron(0 4 ? * MON-FRI *)',
      'crm:timeZone': 'Europe/Paris',
      'crm:modelConcurrency': 7,
      'crm:publishSlaHours': 30,
    });

    // Act
    const models = allStates(stateMachineDefinition(template)).get('BuildModels');
    const [, sla] = resourceNamed(template, 'AWS::CloudWatch::Alarm', 'AlarmsNotPublishedBySla');

    // Assess
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 4 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
    });
    expect(models?.MaxConcurrency).toBe(7);
    expect(sla.Properties).toMatchObject({ EvaluationPeriods: 30, DatapointsToAlarm: 30 });
  });
});
