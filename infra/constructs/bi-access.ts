/**
 * The one role BI tools use: queries only in `crm-bi` (its smaller cutoff,
 * its own results prefix), only the `crm_kpi` database, only the run
 * folders of published names and the pointer. QuickSight can take it as
 * the Athena data source's role; Tableau, Power BI and Metabase users
 * assume it (the account decides who may, with sts:AssumeRole).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { BiAccessProps } from './bi-access-props.js';
import { LAYOUT, PUBLISHED_NAME_PREFIXES } from './data-lake-layout.js';

/** Catalog browsing calls JDBC/ODBC drivers make before a query. */
const CATALOG_BROWSE_ACTIONS = [
  'athena:GetDatabase',
  'athena:ListDatabases',
  'athena:GetTableMetadata',
  'athena:ListTableMetadata',
];

class BiAccess extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BiAccessProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      description: 'BI tools: read-only crm_kpi through the crm-bi Athena workgroup',
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('quicksight.amazonaws.com'),
        new iam.AccountRootPrincipal(),
      ),
    });
    props.workgroups.grantRunQueries(this.role, props.workgroups.bi);
    props.catalog.grantReadKpi(this.role);
    // The published names' run folders and the pointer; never landed or staging data.
    for (const name of PUBLISHED_NAME_PREFIXES) {
      props.buckets.grantPrefix(
        this.role,
        props.buckets.curated,
        `${LAYOUT.runs}*/${name}`,
        'read',
        `Published tables (names starting ${name}) read the folder of the published run, ` +
          'whose id changes every night; unpublished builds do not match.',
      );
    }
    props.buckets.grantPrefix(
      this.role,
      props.buckets.curated,
      LAYOUT.published,
      'read',
      'The published views join the pointer file published/<runId>/, which moves every night.',
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: CATALOG_BROWSE_ACTIONS,
        resources: [props.workgroups.dataCatalogArn()],
      }),
    );
  }
}

export { BiAccess };
