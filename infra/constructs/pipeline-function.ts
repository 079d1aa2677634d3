/**
 * One Lambda handler of the pipeline, bundled by esbuild from
 * `functions/handlers/<name>.ts` as ESM for Node 24 on Graviton. It gets
 * its own role (no managed policies: it may write only its own log group,
 * and every data permission is granted by name) and its own log group with
 * a retention, so logs neither leak across functions nor live forever.
 */
import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule } from './nag-acknowledgements.js';
import type { PipelineFunctionProps } from './pipeline-function-props.js';

/** Lets CommonJS dependencies call require() inside the ESM bundle (aws/aws-cdk#29310). */
const REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

class PipelineFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.destroyOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.handlerName}: its log group plus the grants of PipelineFunctions`,
    });
    this.logGroup.grantWrite(this.role);
    const sql = props.bundleSql ?? false;
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(props.rootDir, 'functions', 'handlers', `${props.handlerName}.ts`),
      projectRoot: props.rootDir,
      depsLockFilePath: join(props.rootDir, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        banner: REQUIRE_BANNER,
        // Pin the SDK clients the code was tested with instead of the runtime's.
        bundleAwsSDK: true,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // Handlers find the models in <task root>/sql (functions/core/aws/settings.ts).
          afterBundling: (inputDir: string, outputDir: string) =>
            sql ? [`cp -R "${join(inputDir, 'sql')}" "${join(outputDir, 'sql')}"`] : [],
        },
      },
    });
    acknowledgeRule(
      this.role,
      'IAM5[Resource::*]',
      'X-Ray tracing (tracing: ACTIVE): xray:PutTraceSegments and ' +
        'xray:PutTelemetryRecords support no resource-level permissions.',
    );
  }
}

export { PipelineFunction };
