/**
 * The production warehouse in one stack: storage, catalog, Athena
 * workgroups, the six pipeline functions, the nightly state machine, its
 * schedule, alarms and the BI role. Each concern is one construct; this
 * file only wires them together and names the outputs an operator needs.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AlarmTopic } from './constructs/alarm-topic.js';
import { AthenaWorkgroups } from './constructs/athena-workgroups.js';
import { BiAccess } from './constructs/bi-access.js';
import { DataLakeBuckets } from './constructs/data-lake-buckets.js';
import { LAYOUT } from './constructs/data-lake-layout.js';
import { GlueCatalog } from './constructs/glue-catalog.js';
import { NightlySchedule } from './constructs/nightly-schedule.js';
import { NightlyStateMachine } from './constructs/nightly-state-machine.js';
import { PipelineAlarms } from './constructs/pipeline-alarms.js';
import { PipelineFunctions } from './constructs/pipeline-functions.js';
import type { CrmKpiStackProps } from './crm-kpi-stack-props.js';

const GIB = 1024 ** 3;

class CrmKpiStack extends Stack {
  public readonly buckets: DataLakeBuckets;
  public readonly catalog: GlueCatalog;
  public readonly workgroups: AthenaWorkgroups;
  public readonly functions: PipelineFunctions;
  public readonly night: NightlyStateMachine;
  public readonly schedule: NightlySchedule;
  public readonly alarmTopic: AlarmTopic;
  public readonly alarms: PipelineAlarms;
  public readonly bi: BiAccess;

  constructor(scope: Construct, id: string, props: CrmKpiStackProps) {
    super(scope, id, props);
    const { settings, rootDir } = props;
    const destroyOnDelete = settings.destroyDataOnDelete;
    const logRetention = settings.logRetentionDays as logs.RetentionDays;

    this.buckets = new DataLakeBuckets(this, 'DataLake', {
      destroyOnDelete,
      queryResultRetentionDays: settings.queryResultRetentionDays,
      rollbackRetentionDays: settings.rollbackRetentionDays,
      accessLogRetentionDays: settings.logRetentionDays,
    });
    this.catalog = new GlueCatalog(this, 'Catalog', { buckets: this.buckets, destroyOnDelete });
    this.workgroups = new AthenaWorkgroups(this, 'Athena', {
      buckets: this.buckets,
      etlBytesScannedCutoff: settings.etlScanCutoffGiB * GIB,
      biBytesScannedCutoff: settings.biScanCutoffGiB * GIB,
    });
    this.functions = new PipelineFunctions(this, 'Functions', {
      rootDir,
      buckets: this.buckets,
      catalog: this.catalog,
      workgroups: this.workgroups,
      pipelineConfig: {
        reportingCurrency: settings.reportingCurrency,
        timeZone: settings.timeZone,
      },
      rollbackRetentionDays: settings.rollbackRetentionDays,
      logRetention,
      destroyOnDelete,
    });
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', {
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
      destroyOnDelete,
    });
    this.night = new NightlyStateMachine(this, 'Night', {
      functions: this.functions,
      workgroups: this.workgroups,
      buckets: this.buckets,
      catalog: this.catalog,
      alarmTopic: this.alarmTopic,
      modelConcurrency: settings.modelConcurrency,
      logRetention,
      destroyOnDelete,
    });
    this.schedule = new NightlySchedule(this, 'Schedule', {
      stateMachine: this.night.stateMachine,
      cron: settings.schedule,
      timeZone: settings.timeZone,
    });
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      topic: this.alarmTopic.topic,
      stateMachine: this.night.stateMachine,
      deadLetterQueue: this.schedule.deadLetterQueue,
      publishSlaHours: settings.publishSlaHours,
    });
    // The personal-data key: written by land-exports only, read by the night's queries only.
    this.buckets.reserveObjects(this.buckets.curated, LAYOUT.piiKey, ['s3:PutObject'], [
      this.functions.landExports.role,
    ]);
    this.buckets.reserveObjects(
      this.buckets.curated,
      LAYOUT.piiKey,
      ['s3:GetObject', 's3:GetObjectVersion'],
      [this.night.role],
    );
    this.bi = new BiAccess(this, 'Bi', {
      buckets: this.buckets,
      catalog: this.catalog,
      workgroups: this.workgroups,
    });

    const output = (id: string, value: string, description: string): CfnOutput =>
      new CfnOutput(this, id, { value, description });
    output('RawBucket', this.buckets.raw.bucketName, 'Upload exports as <entity>/export_date=YYYY-MM-DD/<file>');
    output(
      'CuratedBucket',
      this.buckets.curated.bucketName,
      'Run builds (runs/), the published pointer (published/) and the monthly report (report/)',
    );
    output('QueryResultsBucket', this.buckets.queryResults.bucketName, 'Athena results: etl/ and bi/');
    output('StateMachineArn', this.night.stateMachine.stateMachineArn, 'Start a night by hand here');
    output('AlarmTopicArn', this.alarmTopic.topic.topicArn, 'Subscribe on-call tooling here');
    output('BiRoleArn', this.bi.role.roleArn, 'Role for QuickSight / Tableau / Power BI / Metabase');
    output('BiWorkgroup', this.workgroups.bi.name, 'Athena workgroup for BI connections');
  }
}

export { CrmKpiStack };
