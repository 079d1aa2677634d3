/**
 * One night as a Standard state machine:
 *
 *   Land -> Plan -> for each dependency level, in order:
 *                     for each model of the level, at most N at once:
 *                       Render (Lambda) -> Run on Athena (.sync)
 *        -> Render gates -> Run gates on Athena (.sync) -> Check gates
 *        -> passed? Publish : fail without publishing
 *   -> Render report (Lambda; reads the published KPI tables)
 *
 * Builds are awaited by Step Functions, so no Lambda invocation lasts
 * longer than its own short work whatever the data size. Any failure up
 * to publishing is caught once, published to the alarm topic with its
 * cause, and ends the execution as failed (which the failure alarm also
 * sees). The report runs after the night is published, outside that
 * catch: its failure is published to the topic as a report failure and
 * fails the execution too, but leaves the tables published.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { GATES_TARGET } from '../../functions/core/aws/run-layout.js';
import { athenaQueryState } from './athena-query-state.js';
import { LAYOUT } from './data-lake-layout.js';
import { DATABASES } from './glue-catalog.js';
import { acknowledgeRule, acknowledgeWildcardResource } from './nag-acknowledgements.js';
import type { NightlyStateMachineProps } from './nightly-state-machine-props.js';

/** What every step after landing needs to know about the run. */
const RUN = {
  runId: sfn.JsonPath.stringAt('$.runId'),
  asOf: sfn.JsonPath.stringAt('$.asOf'),
};

class NightlyStateMachine extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly logGroup: logs.LogGroup;
  /** The role every query of the night runs as (Athena reads and writes with it). */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: NightlyStateMachineProps) {
    super(scope, id);
    const { functions, workgroups } = props;
    const etl = workgroups.etl.name;

    const land = this.invoke(
      'Land',
      functions.landExports.function,
      sfn.TaskInput.fromJsonPathAt('$'),
      {
        runId: sfn.JsonPath.stringAt('$.Payload.runId'),
        asOf: sfn.JsonPath.stringAt('$.Payload.asOf'),
        landing: sfn.JsonPath.objectAt('$.Payload'),
      },
      '$',
    );
    const plan = this.invoke(
      'Plan',
      functions.planNight.function,
      sfn.TaskInput.fromObject(RUN),
      { levels: sfn.JsonPath.listAt('$.Payload.levels') },
      '$.plan',
    );

    const renderModel = this.invoke(
      'RenderModel',
      functions.renderModel.function,
      sfn.TaskInput.fromObject({ ...RUN, model: sfn.JsonPath.stringAt('$.model') }),
      { queryString: sfn.JsonPath.stringAt('$.Payload.queryString') },
      '$.render',
    );
    const runModel = athenaQueryState(this, 'RunModel', {
      queryStringPath: '$.render.queryString',
      workGroup: etl,
      database: DATABASES.stage,
      resultPath: '$.query',
    });
    // Only ids and statistics leave a model's branch: never the SQL or rows.
    const recordModel = new sfn.Pass(this, 'RecordModel', {
      parameters: {
        model: sfn.JsonPath.stringAt('$.model'),
        queryExecutionId: sfn.JsonPath.stringAt('$.query.queryExecutionId'),
        dataScannedInBytes: sfn.JsonPath.numberAt('$.query.dataScannedInBytes'),
        engineExecutionTimeInMillis: sfn.JsonPath.numberAt(
          '$.query.engineExecutionTimeInMillis',
        ),
      },
    });
    const buildModels = new sfn.Map(this, 'BuildModels', {
      itemsPath: '$.models',
      maxConcurrency: props.modelConcurrency,
      itemSelector: { ...RUN, model: sfn.JsonPath.stringAt('$$.Map.Item.Value') },
    }).itemProcessor(renderModel.next(runModel).next(recordModel));
    const buildLevels = new sfn.Map(this, 'BuildLevels', {
      comment: 'Levels run one after the other: a level reads the builds of earlier ones.',
      itemsPath: '$.plan.levels',
      maxConcurrency: 1,
      itemSelector: { ...RUN, models: sfn.JsonPath.listAt('$$.Map.Item.Value.models') },
      resultPath: '$.builds',
    }).itemProcessor(buildModels);

    const renderGates = this.invoke(
      'RenderGates',
      functions.renderModel.function,
      sfn.TaskInput.fromObject({ ...RUN, model: GATES_TARGET }),
      { queryString: sfn.JsonPath.stringAt('$.Payload.queryString') },
      '$.gatesRender',
    );
    const runGates = athenaQueryState(this, 'RunGates', {
      queryStringPath: '$.gatesRender.queryString',
      workGroup: etl,
      database: DATABASES.stage,
      resultPath: '$.gatesQuery',
    });
    const checkGates = this.invoke(
      'CheckGates',
      functions.checkGates.function,
      sfn.TaskInput.fromObject({
        ...RUN,
        gateQueryExecutionId: sfn.JsonPath.stringAt('$.gatesQuery.queryExecutionId'),
        builds: sfn.JsonPath.listAt('$.builds'),
        landing: sfn.JsonPath.objectAt('$.landing'),
      }),
      {
        'passed.$': '$.Payload.passed',
        failures: sfn.JsonPath.listAt('$.Payload.failures'),
      },
      '$.gates',
    );
    const publish = this.invoke(
      'Publish',
      functions.publishNight.function,
      sfn.TaskInput.fromObject(RUN),
      { published: sfn.JsonPath.objectAt('$.Payload') },
      '$.publish',
    );
    const gatesFailed = new sfn.Fail(this, 'GatesFailed', {
      error: 'GatesFailed',
      causePath: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.gates.failures')),
    });
    const decide = new sfn.Choice(this, 'GatesPassed?')
      .when(sfn.Condition.booleanEquals('$.gates.passed', true), publish)
      .otherwise(gatesFailed);

    const night = new sfn.Parallel(this, 'Night', {
      comment: 'One branch: lets a single Catch report any failure of the night.',
      // The branch's run and what was published; the build list stays behind.
      resultSelector: {
        runId: sfn.JsonPath.stringAt('$[0].runId'),
        asOf: sfn.JsonPath.stringAt('$[0].asOf'),
        publish: sfn.JsonPath.objectAt('$[0].publish'),
      },
    }).branch(
      land
        .next(plan)
        .next(buildLevels)
        .next(renderGates)
        .next(runGates)
        .next(checkGates)
        .next(decide),
    );
    const notify = new tasks.SnsPublish(this, 'NotifyFailure', {
      topic: props.alarmTopic.topic,
      subject: 'crm-kpi-warehouse: the night failed, nothing was published',
      message: sfn.TaskInput.fromObject({
        execution: sfn.JsonPath.executionId,
        error: sfn.JsonPath.stringAt('$.error.Error'),
        cause: sfn.JsonPath.stringAt('$.error.Cause'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    night.addCatch(
      notify.next(
        new sfn.Fail(this, 'NightFailed', {
          errorPath: '$.error.Error',
          causePath: '$.error.Cause',
        }),
      ),
      { resultPath: '$.error' },
    );
    const report = this.reportStep(props);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-nightly`,
      retention: props.logRetention,
      removalPolicy: props.destroyOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: 'Nightly run: invokes the pipeline functions and runs its Athena queries',
    });
    this.role = role;
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'crm-kpi-warehouse: one night (land, build, gate, publish, report)',
      definitionBody: sfn.DefinitionBody.fromChainable(night.next(report)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: props.timeout ?? Duration.hours(6),
      role,
      // Execution data stays out of the logs: it may name customers' files.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    this.grantAthenaQueries(role, props);
    props.alarmTopic.grantPublish(role);
    this.acknowledgeFindings(role, props);
  }

  /** A Lambda task: CDK's retry on Lambda service errors, plus one on throttling, jittered. */
  private invoke(
    stateId: string,
    fn: lambda.IFunction,
    payload: sfn.TaskInput,
    resultSelector: Record<string, unknown>,
    resultPath: string,
  ): sfn.TaskStateBase {
    return new tasks.LambdaInvoke(this, stateId, {
      lambdaFunction: fn,
      payload,
      resultSelector,
      resultPath,
    }).addRetry({
      errors: ['Lambda.TooManyRequestsException'],
      interval: Duration.seconds(1),
      backoffRate: 2,
      maxAttempts: 6,
      jitterStrategy: sfn.JitterType.FULL,
    });
  }

  /**
   * RenderReport, after the night is published: the monthly report of the
   * published tables. Its failure is published to the alarm topic as a
   * report failure (the tables stay published) and fails the execution,
   * which the failure alarm sees.
   */
  private reportStep(props: NightlyStateMachineProps): sfn.TaskStateBase {
    const report = this.invoke(
      'RenderReport',
      props.functions.renderReport.function,
      sfn.TaskInput.fromObject(RUN),
      { outcome: sfn.JsonPath.objectAt('$.Payload') },
      '$.report',
    );
    const notify = new tasks.SnsPublish(this, 'NotifyReportFailure', {
      topic: props.alarmTopic.topic,
      subject: 'crm-kpi-warehouse: the night was published, its report was not written',
      message: sfn.TaskInput.fromObject({
        execution: sfn.JsonPath.executionId,
        runId: sfn.JsonPath.stringAt('$.runId'),
        error: sfn.JsonPath.stringAt('$.error.Error'),
        cause: sfn.JsonPath.stringAt('$.error.Cause'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    report.addCatch(
      notify.next(new sfn.Fail(this, 'ReportFailed', { error: 'ReportFailed', causePath: '$.error.Cause' })),
      { resultPath: '$.error' },
    );
    return report;
  }

  /**
   * The queries run with this role's rights: the pipeline workgroup; the
   * raw exports and tables (read); the runs in curated and crm_stage
   * (CTAS, DROP); the personal-data key object the landing queries hash
   * with (read); the published tables and their pointer (read: tonight is
   * compared with the last published night).
   */
  private grantAthenaQueries(role: iam.IRole, props: NightlyStateMachineProps): void {
    const { buckets, catalog, workgroups } = props;
    workgroups.grantRunQueries(role, workgroups.etl);
    buckets.grantPrefix(
      role,
      buckets.raw,
      LAYOUT.exports,
      'read',
      'The landing queries read the export files of every entity and date, as delivered ' +
        '(<entity>/export_date=<day>/<any file name>).',
    );
    buckets.grantPrefix(
      role,
      buckets.curated,
      LAYOUT.runs,
      'readWrite',
      'Each CTAS writes a fresh folder runs/<runId>/<target>/; run ids are minted at run time.',
    );
    buckets.grantObject(role, buckets.curated, LAYOUT.piiKeyObject, 'read');
    buckets.grantPrefix(
      role,
      buckets.curated,
      LAYOUT.published,
      'read',
      'Comparing with the last published night reads the pointer file published/<runId>/.',
    );
    catalog.grantReadRaw(role);
    catalog.grantBuildStage(role);
    catalog.grantReadKpi(role);
  }

  private acknowledgeFindings(role: iam.IRole, props: NightlyStateMachineProps): void {
    acknowledgeRule(
      role,
      'IAM5[Resource::*]',
      'Two services without resource-level permissions: X-Ray tracing ' +
        '(xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) ' +
        'and Step Functions log delivery (logs:CreateLogDelivery and its siblings).',
    );
    for (const step of props.functions.all()) {
      acknowledgeWildcardResource(
        role,
        `${step.function.functionArn}:*`,
        'CDK LambdaInvoke grants lambda:InvokeFunction on the function and its ' +
          'versions and aliases (ARN:*); the function itself is named.',
      );
    }
  }
}

export { NightlyStateMachine };
