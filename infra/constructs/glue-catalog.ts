/**
 * The Glue Data Catalog of the warehouse, three databases with fixed names
 * (Athena needs lower snake case; generated names would not do):
 * - `crm_raw`: one table per export contract entity plus `export_lines`,
 *   defined by the pipeline's own module (functions/core/aws/raw-catalog.ts)
 *   that the landing SQL also reads, with export dates projected (no crawler,
 *   no partition registration);
 * - `crm_stage`: the run-scoped tables each night creates and drops, and
 *   `pii_key`, the personal-data key the landing queries hash with
 *   (functions/core/aws/pii-key-table.ts);
 * - `crm_kpi`: what BI reads. Its tables, views and comments are written by
 *   publish-night from each run's CTAS output and the model headers (column
 *   types come from what Athena built, which the stack cannot know), so the
 *   stack creates the database only and CloudFormation never fights the
 *   publisher over a table definition.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { historyName, POINTER_TABLE } from '../../functions/core/aws/run-layout.js';
import type { GlueTableSpec } from '../../functions/core/aws/glue-table-spec.js';
import { piiKeyTable } from '../../functions/core/aws/pii-key-layout.js';
import { rawTables } from '../../functions/core/aws/raw-catalog.js';
import type { GlueCatalogProps } from './glue-catalog-props.js';
import { acknowledgeWildcardResource } from './nag-acknowledgements.js';

/** Database names, as the functions receive them. */
const DATABASES = { raw: 'crm_raw', stage: 'crm_stage', kpi: 'crm_kpi' } as const;

const READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];

const WRITE_ACTIONS = [
  'glue:CreateTable',
  'glue:UpdateTable',
  'glue:DeleteTable',
  'glue:BatchDeleteTable',
  'glue:CreatePartition',
  'glue:BatchCreatePartition',
  'glue:UpdatePartition',
  'glue:DeletePartition',
  'glue:BatchDeletePartition',
];

/** CloudFormation's spelling of a table spec. */
function cfnTableInput(spec: GlueTableSpec): glue.CfnTable.TableInputProperty {
  const column = (c: GlueTableSpec['columns'][number]) => ({ ...c });
  return {
    name: spec.name,
    description: spec.description,
    tableType: 'EXTERNAL_TABLE',
    parameters: { ...spec.parameters, EXTERNAL: 'TRUE' },
    partitionKeys: spec.partitionKeys.map(column),
    storageDescriptor: {
      columns: spec.columns.map(column),
      location: spec.location,
      inputFormat: spec.inputFormat,
      outputFormat: spec.outputFormat,
      serdeInfo: {
        serializationLibrary: spec.serdeLibrary,
        parameters: { ...spec.serdeParameters },
      },
    },
  };
}

class GlueCatalog extends Construct {
  public readonly rawDatabase: glue.Database;
  public readonly stageDatabase: glue.Database;
  public readonly kpiDatabase: glue.Database;
  /** One table per contract entity plus `export_lines`, by table name. */
  public readonly rawTables: ReadonlyMap<string, glue.CfnTable>;
  /** `crm_stage.pii_key`, over the key object land-exports writes to curated. */
  public readonly piiKeyTable: glue.CfnTable;

  constructor(scope: Construct, id: string, props: GlueCatalogProps) {
    super(scope, id);
    const removalPolicy = props.destroyOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const database = (cid: string, databaseName: string, description: string): glue.Database =>
      new glue.Database(this, cid, { databaseName, description, removalPolicy });
    this.rawDatabase = database(
      'Raw',
      DATABASES.raw,
      'CRM exports as delivered: every field as text; read only by the landing SQL',
    );
    this.stageDatabase = database(
      'Stage',
      DATABASES.stage,
      'Run-scoped builds of the nightly pipeline; created and dropped by it',
    );
    this.kpiDatabase = database(
      'Kpi',
      DATABASES.kpi,
      'Published KPI tables for BI tools (no personal data); see docs/kpis.md',
    );
    const table = (cid: string, database: glue.Database, spec: GlueTableSpec): glue.CfnTable => {
      const created = new glue.CfnTable(this, cid, {
        catalogId: Stack.of(this).account,
        databaseName: database.databaseName,
        tableInput: cfnTableInput(spec),
      });
      created.applyRemovalPolicy(removalPolicy);
      return created;
    };
    this.rawTables = new Map(
      rawTables(props.buckets.raw.bucketName).map((spec) => [
        spec.name,
        table(`Raw-${spec.name}`, this.rawDatabase, spec),
      ]),
    );
    this.piiKeyTable = table(
      'Stage-pii_key',
      this.stageDatabase,
      piiKeyTable(props.buckets.curated.bucketName),
    );
  }

  /** Read the raw tables, named one by one (their data: the raw bucket). */
  public grantReadRaw(grantee: iam.IGrantable): void {
    const tables = [...this.rawTables.keys()].map((t) => this.tableArn(this.rawDatabase, t));
    this.grant(grantee, this.rawDatabase, tables, READ_ACTIONS);
  }

  /**
   * Create, read and drop tables in `crm_stage`, as the night's CTAS
   * statements do. Their names carry the run id, so the grant covers the
   * database's tables rather than named ones.
   */
  public grantBuildStage(grantee: iam.IGrantable): void {
    this.grant(grantee, this.stageDatabase, [this.stageTables(grantee)], [
      ...READ_ACTIONS,
      ...WRITE_ACTIONS,
    ]);
  }

  /**
   * Read the definitions (columns) of `crm_stage` tables, as render-model
   * does before rendering the restatements from the built tables' types.
   */
  public grantDescribeStage(grantee: iam.IGrantable): void {
    this.grant(grantee, this.stageDatabase, [this.stageTables(grantee)], ['glue:GetTable']);
  }

  /**
   * Read everything in `crm_kpi` (views, history tables, the pointer), as
   * BI tools and the night's comparisons with the last published night do.
   */
  public grantReadKpi(grantee: iam.IGrantable): void {
    this.grant(grantee, this.kpiDatabase, [this.kpiTables(grantee)], READ_ACTIONS);
  }

  /**
   * Read the published-run pointer `crm_kpi.pipeline_current_run`, named
   * in full: land-exports records the run published now as the night's
   * row-count baseline.
   */
  public grantReadPointer(grantee: iam.IGrantable): void {
    this.grant(grantee, this.kpiDatabase, [this.tableArn(this.kpiDatabase, POINTER_TABLE)], ['glue:GetTable']);
  }

  /**
   * Read the published `names` of `crm_kpi`, named one by one: each view,
   * the history table it reads and the pointer it joins, as a query of the
   * published names does (the report step).
   */
  public grantReadPublished(grantee: iam.IGrantable, names: readonly string[]): void {
    const tables = [...names.flatMap((n) => [n, historyName(n)]), POINTER_TABLE];
    this.grant(
      grantee,
      this.kpiDatabase,
      tables.map((t) => this.tableArn(this.kpiDatabase, t)),
      READ_ACTIONS,
    );
  }

  /**
   * What publish-night does: read a run's `crm_stage` tables and drop
   * expired ones; create and update the `crm_kpi` views, history tables
   * (and their run partitions) and the pointer.
   */
  public grantPublish(grantee: iam.IGrantable): void {
    this.grant(grantee, this.stageDatabase, [this.stageTables(grantee)], [
      ...READ_ACTIONS,
      'glue:DeleteTable',
      'glue:BatchDeleteTable',
    ]);
    this.grant(grantee, this.kpiDatabase, [this.kpiTables(grantee)], [
      ...READ_ACTIONS,
      ...WRITE_ACTIONS,
    ]);
  }

  /** Every table of crm_stage, acknowledged for `grantee`. */
  private stageTables(grantee: iam.IGrantable): string {
    const arn = this.tableArn(this.stageDatabase, '*');
    acknowledgeWildcardResource(
      grantee,
      arn,
      'crm_stage table names carry the run id (<target>__<runId>): they are created by ' +
        'CTAS during the night, so only the database can be named.',
    );
    return arn;
  }

  /** Every table of crm_kpi, acknowledged for `grantee`. */
  private kpiTables(grantee: iam.IGrantable): string {
    const arn = this.tableArn(this.kpiDatabase, '*');
    acknowledgeWildcardResource(
      grantee,
      arn,
      'crm_kpi holds only what publish-night creates from each run (views, <name>__history ' +
        'tables, the pointer); the set grows with the models, and BI tools list the database.',
    );
    return arn;
  }

  private tableArn(database: glue.Database, table: string): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource: 'table',
      resourceName: `${database.databaseName}/${table}`,
    });
  }

  /** Glue authorizes table calls on the catalog, the database and the tables. */
  private grant(
    grantee: iam.IGrantable,
    database: glue.Database,
    tableArns: readonly string[],
    actions: readonly string[],
  ): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [database.catalog.catalogArn, database.databaseArn, ...tableArns],
      }),
    );
  }
}

export { DATABASES, GlueCatalog };
