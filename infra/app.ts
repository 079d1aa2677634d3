/** The CDK app (`npx cdk synth|deploy`): the warehouse stack, nag-checked. */
import { App } from 'aws-cdk-lib';
import { addWarehouse } from './warehouse-app.js';

const app = new App();
addWarehouse(app);
app.synth();
