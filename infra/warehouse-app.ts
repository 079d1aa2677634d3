/**
 * Puts the warehouse into a CDK app: the production stack from the `crm:`
 * context, checked by cdk-nag's AwsSolutions rules at every synth (a
 * finding without an acknowledgement and its reason fails the synth).
 * Shared by the app entry and the tests, so the tests check what deploys.
 */
import { fileURLToPath } from 'node:url';
import { Validations } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CrmKpiStack } from './crm-kpi-stack.js';
import { readSettings } from './settings.js';

/** The project root the stack bundles functions/ and sql/ from. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Adds the checked stack `CrmKpiWarehouse` to `app`. */
function addWarehouse(app: App): CrmKpiStack {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return new CrmKpiStack(app, 'CrmKpiWarehouse', {
    description: 'crm-kpi-warehouse: nightly CRM exports to KPI tables on Athena',
    settings: readSettings(app.node),
    rootDir: PROJECT_ROOT,
  });
}

export { addWarehouse, PROJECT_ROOT };
