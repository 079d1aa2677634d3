/**
 * Two Athena workgroups: `crm-etl` for the nightly pipeline and `crm-bi`
 * for BI tools. Both enforce their settings (engine v3, KMS-encrypted
 * results in their own prefix, a bytes-scanned cutoff), so a client cannot
 * send results elsewhere or run an unbounded scan; separate workgroups keep
 * BI users off the pipeline's larger cutoff and make costs visible apart.
 */
import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { AthenaWorkgroupsProps } from './athena-workgroups-props.js';
import type { DataLakeBuckets } from './data-lake-buckets.js';
import { LAYOUT } from './data-lake-layout.js';

/** Workgroup names: fixed, so BI connection strings can name them. */
const WORKGROUPS = { etl: 'crm-etl', bi: 'crm-bi' } as const;

/** The engine the SQL dialect rules (functions/core/sql/macros.ts) are written for. */
const ENGINE_VERSION = 'Athena engine version 3';

const QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:GetWorkGroup',
];

class AthenaWorkgroups extends Construct {
  public readonly etl: athena.CfnWorkGroup;
  public readonly bi: athena.CfnWorkGroup;
  private readonly buckets: DataLakeBuckets;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupsProps) {
    super(scope, id);
    this.buckets = props.buckets;
    const workgroup = (
      cid: string,
      name: string,
      description: string,
      prefix: string,
      bytesScannedCutoffPerQuery: number,
    ): athena.CfnWorkGroup =>
      new athena.CfnWorkGroup(this, cid, {
        name,
        description,
        state: 'ENABLED',
        // Deleting the stack must not wipe saved queries with the workgroup.
        recursiveDeleteOption: false,
        workGroupConfiguration: {
          enforceWorkGroupConfiguration: true,
          publishCloudWatchMetricsEnabled: true,
          requesterPaysEnabled: false,
          bytesScannedCutoffPerQuery,
          engineVersion: { selectedEngineVersion: ENGINE_VERSION },
          resultConfiguration: {
            outputLocation: props.buckets.queryResults.s3UrlForObject(prefix),
            encryptionConfiguration: {
              encryptionOption: 'SSE_KMS',
              kmsKey: props.buckets.key.keyArn,
            },
          },
        },
      });
    this.etl = workgroup(
      'Etl',
      WORKGROUPS.etl,
      'crm-kpi-warehouse nightly pipeline (Step Functions)',
      LAYOUT.etlResults,
      Math.round(props.etlBytesScannedCutoff),
    );
    this.bi = workgroup(
      'Bi',
      WORKGROUPS.bi,
      'crm-kpi-warehouse BI tools (QuickSight, Tableau, Power BI, Metabase)',
      LAYOUT.biResults,
      Math.round(props.biBytesScannedCutoff),
    );
  }

  /** The ARN IAM uses for a workgroup of this construct. */
  public workGroupArn(workgroup: athena.CfnWorkGroup): string {
    return Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: workgroup.name,
    });
  }

  /**
   * Run queries in `workgroup` and read their results: the Athena calls on
   * that workgroup only, the default data catalog, and the workgroup's
   * results prefix with its key. Access to the data the queries read or
   * write is granted separately.
   */
  public grantRunQueries(grantee: iam.IGrantable, workgroup: athena.CfnWorkGroup): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: QUERY_ACTIONS,
        resources: [this.workGroupArn(workgroup)],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['athena:GetDataCatalog'], resources: [this.dataCatalogArn()] }),
    );
    this.buckets.grantQueryResults(grantee, this.resultsPrefix(workgroup));
  }

  /** The ARN of Athena's default catalog (the Glue Data Catalog), which every query names. */
  public dataCatalogArn(): string {
    return Stack.of(this).formatArn({
      service: 'athena',
      resource: 'datacatalog',
      resourceName: 'AwsDataCatalog',
    });
  }

  /**
   * Read the results of a finished query of the pipeline workgroup, by id.
   * Deliberately not GetQueryExecution: no function waits on Athena.
   */
  public grantReadEtlResults(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['athena:GetQueryResults'],
        resources: [this.workGroupArn(this.etl)],
      }),
    );
    this.buckets.grantPrefix(
      grantee,
      this.buckets.queryResults,
      LAYOUT.etlResults,
      'read',
      'GetQueryResults reads the object named after the query id the event carries.',
    );
  }

  private resultsPrefix(workgroup: athena.CfnWorkGroup): string {
    return workgroup === this.bi ? LAYOUT.biResults : LAYOUT.etlResults;
  }
}

export { AthenaWorkgroups };
