/**
 * The CDK app. Until the production stack lands (issue: Athena, Step
 * Functions, schedule), it synthesizes one empty stack so `npx cdk synth`
 * already works offline and CI proves the toolchain.
 */
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'CrmKpiWarehouse', {
  description: 'crm-kpi-warehouse: nightly CRM exports to KPI tables on Athena',
});
app.synth();
