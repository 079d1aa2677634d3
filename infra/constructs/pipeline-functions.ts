/**
 * The six Lambda handlers of a night and what each may touch. Every
 * handler is short: the builds' Athena work is awaited by Step Functions,
 * and only the report step waits on Athena itself, for a handful of small
 * reads of published tables. Each grant names a bucket prefix, a workgroup
 * or Glue tables, so a bug in one step cannot rewrite another step's data.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV_NAMES } from '../../functions/core/aws/settings.js';
import { REPORT_TABLES } from '../../functions/core/report/report-tables.js';
import { LAYOUT } from './data-lake-layout.js';
import { DATABASES } from './glue-catalog.js';
import { acknowledgeRule } from './nag-acknowledgements.js';
import { PipelineFunction } from './pipeline-function.js';
import type { PipelineFunctionProps } from './pipeline-function-props.js';
import type { PipelineFunctionsProps } from './pipeline-functions-props.js';

/** Powertools settings shared by every handler. */
const POWERTOOLS_ENV = {
  POWERTOOLS_SERVICE_NAME: 'crm-kpi-warehouse',
  POWERTOOLS_METRICS_NAMESPACE: 'CrmKpi',
  POWERTOOLS_LOG_LEVEL: 'INFO',
} as const;

class PipelineFunctions extends Construct {
  /** Lands and validates one night's exports: {exportDate?} -> {runId, asOf, ...}. */
  public readonly landExports: PipelineFunction;
  /** Groups the models into dependency levels: {runId, asOf} -> {levels}. */
  public readonly planNight: PipelineFunction;
  /** Renders one model (or the gates) as Athena SQL: -> {queryString}. */
  public readonly renderModel: PipelineFunction;
  /** Reads the gate query's result: -> {passed, failures}. */
  public readonly checkGates: PipelineFunction;
  /** Moves every published table to this run's build. */
  public readonly publishNight: PipelineFunction;
  /** Writes the monthly report of the published tables to curated `report/`. */
  public readonly renderReport: PipelineFunction;
  /** Key of the keyed hash that replaces personal data at landing. */
  public readonly piiKey: secrets.Secret;

  constructor(scope: Construct, id: string, props: PipelineFunctionsProps) {
    super(scope, id);
    const { buckets, catalog, workgroups } = props;
    const destroy = props.destroyOnDelete ?? false;
    this.piiKey = new secrets.Secret(this, 'PiiKey', {
      description: 'crm-kpi-warehouse: HMAC key replacing personal data at landing',
      encryptionKey: buckets.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    acknowledgeRule(
      this.piiKey,
      'SMG4',
      'The PII key is not rotated on a timer: a new key changes every hashed identifier ' +
        'and breaks joins with earlier nights; rotate it by hand with a full re-landing.',
    );

    // The names are the ones functions/core/aws/settings.ts reads.
    const environment = {
      ...POWERTOOLS_ENV,
      [ENV_NAMES.rawBucket]: buckets.raw.bucketName,
      [ENV_NAMES.curatedBucket]: buckets.curated.bucketName,
      [ENV_NAMES.rawDatabase]: DATABASES.raw,
      [ENV_NAMES.stageDatabase]: DATABASES.stage,
      [ENV_NAMES.kpiDatabase]: DATABASES.kpi,
      [ENV_NAMES.pipelineConfig]: JSON.stringify(props.pipelineConfig),
    };
    const handler = (
      handlerName: string,
      settings: Pick<PipelineFunctionProps, 'description' | 'memorySize' | 'timeout'> &
        Partial<Pick<PipelineFunctionProps, 'bundleSql' | 'environment'>>,
    ): PipelineFunction =>
      new PipelineFunction(this, handlerName, {
        rootDir: props.rootDir,
        handlerName,
        logRetention: props.logRetention,
        destroyOnDelete: destroy,
        ...settings,
        environment: { ...environment, ...settings.environment },
      });

    this.landExports = handler('land-exports', {
      description: 'Lands and validates one night of CRM exports',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: { [ENV_NAMES.piiKeySecretArn]: this.piiKey.secretArn },
    });
    this.planNight = handler('plan-night', {
      description: 'Groups the SQL models of a night into dependency levels',
      memorySize: 256,
      timeout: Duration.minutes(1),
      bundleSql: true,
    });
    this.renderModel = handler('render-model', {
      description: 'Renders one SQL model of a night for Athena',
      memorySize: 512,
      timeout: Duration.minutes(1),
      bundleSql: true,
    });
    this.checkGates = handler('check-gates', {
      description: 'Reads the quality-gate results of a night',
      memorySize: 512,
      timeout: Duration.minutes(2),
    });
    this.publishNight = handler('publish-night', {
      description: 'Moves every published KPI table to the night that passed its gates',
      memorySize: 512,
      timeout: Duration.minutes(5),
      bundleSql: true,
      environment: { [ENV_NAMES.retentionDays]: String(props.rollbackRetentionDays) },
    });
    // Nine small queries, each stopped after 25 s (functions/core/aws/night-report.ts): under 4 minutes.
    this.renderReport = handler('render-report', {
      description: 'Writes the monthly report of the published KPI tables to the curated bucket',
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { [ENV_NAMES.workGroup]: workgroups.etl.name },
    });

    // raw: exports, and _manifests/<runId>.json (claimed by land-exports).
    buckets.grantPrefix(
      this.landExports.role,
      buckets.raw,
      LAYOUT.exports,
      'read',
      'land-exports lists the export folders and reads the head of every file of the night; ' +
        'file names are chosen by the CRM export.',
    );
    buckets.grantPrefix(
      this.landExports.role,
      buckets.raw,
      LAYOUT.manifests,
      'readWrite',
      'land-exports claims a new run by writing _manifests/<runId>.json; the id is minted then.',
    );
    for (const step of [this.planNight, this.renderModel, this.checkGates, this.publishNight, this.renderReport]) {
      buckets.grantPrefix(
        step.role,
        buckets.raw,
        LAYOUT.manifests,
        'read',
        'Reads the manifest _manifests/<runId>.json of the run its event names ' +
          '(publish-night also of expired runs, for their age; render-report for the settings).',
      );
    }
    // The personal-data key: from its secret into the one object crm_stage.pii_key reads.
    this.piiKey.grantRead(this.landExports.role);
    buckets.grantObject(this.landExports.role, buckets.curated, LAYOUT.piiKeyObject, 'write');
    catalog.grantReadPointer(this.landExports.role);
    // The restatements are rendered from the columns of tonight's and the published run's tables.
    catalog.grantDescribeStage(this.renderModel.role);
    // curated: gate verdict and run logs (check-gates); pointer, history and
    // expired runs (publish-night).
    workgroups.grantReadEtlResults(this.checkGates.role);
    buckets.grantPrefix(
      this.checkGates.role,
      buckets.curated,
      LAYOUT.runs,
      'readWrite',
      'Writes the gate verdict and run logs under runs/<runId>/ of the run its event names.',
    );
    buckets.grantPrefix(
      this.publishNight.role,
      buckets.curated,
      LAYOUT.runs,
      'readWrite',
      'Reads the gate verdict of its run and deletes the folders of expired runs, ' +
        'whose ids are found by listing runs/.',
    );
    buckets.grantPrefix(
      this.publishNight.role,
      buckets.curated,
      LAYOUT.published,
      'readWrite',
      'Writes the pointer file published/<runId>/ of the run it publishes and deletes expired ones.',
    );
    catalog.grantPublish(this.publishNight.role);
    this.grantReport(props);
  }

  /**
   * render-report: its queries in the pipeline workgroup; the report's
   * published tables (views, history, pointer) and the run folders they
   * read; writing under curated `report/` and nowhere else.
   */
  private grantReport(props: PipelineFunctionsProps): void {
    const { buckets, catalog, workgroups } = props;
    const role = this.renderReport.role;
    workgroups.grantRunQueries(role, workgroups.etl);
    catalog.grantReadPublished(role, REPORT_TABLES);
    for (const table of REPORT_TABLES) {
      buckets.grantPrefix(
        role,
        buckets.curated,
        `${LAYOUT.runs}*/${table}/`,
        'read',
        `The published view ${table} reads the folder of the published run, whose id changes every night.`,
      );
    }
    buckets.grantPrefix(
      role,
      buckets.curated,
      LAYOUT.published,
      'read',
      'The published views join the pointer file published/<runId>/, which moves every night.',
    );
    buckets.grantPrefix(
      role,
      buckets.curated,
      LAYOUT.report,
      'write',
      'Report objects are named after the month reported (report/<YYYY-MM>.html, ' +
        'report/<YYYY-MM>/<table>.csv) besides report/latest.html.',
    );
  }

  /** Every handler, in the order a night calls them. */
  public all(): readonly PipelineFunction[] {
    return [
      this.landExports,
      this.planNight,
      this.renderModel,
      this.checkGates,
      this.publishNight,
      this.renderReport,
    ];
  }
}

export { PipelineFunctions };
