import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PII_KEY_PREFIX } from '../../functions/core/aws/pii-key-layout.js';
import { LOG_TABLES } from '../../functions/core/aws/run-log-objects.js';
import { ENV_NAMES } from '../../functions/core/aws/settings.js';
import { entityNames } from '../../functions/core/contract/entities.js';
import { KPI_CATALOG } from '../../functions/core/docs/catalog-table.js';
import { PUBLISHED_NAME_PREFIXES } from '../../infra/constructs/data-lake-layout.js';
import { PROJECT_ROOT } from '../../infra/warehouse-app.js';
import { synthWarehouse } from './synth-warehouse.js';
import type { SynthesizedWarehouse } from './synth-warehouse.js';
import { flatten, resources } from './template-views.js';
import type { Json } from './template-views.js';

const GIB = 1024 ** 3;

describe('Stack: CrmKpiWarehouse (cdk.json context)', () => {
  let synth: SynthesizedWarehouse;
  const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
    synth.stack.resolve((construct.node.defaultChild as CfnElement).logicalId) as string;
  beforeAll(() => {
    synth = synthWarehouse();
  });

  describe('Construct: DataLakeBuckets', () => {
    it('encrypts raw, curated and query results with the rotated key, access logs with SSE-S3', () => {
      // Prepare
      const { template, stack } = synth;
      const key = logicalId(stack.buckets.key);

      // Act
      const encryption = (bucket: { node: { defaultChild?: unknown } }) =>
        template.toJSON().Resources[logicalId(bucket)].Properties.BucketEncryption;

      // Assess
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      for (const bucket of [stack.buckets.raw, stack.buckets.curated, stack.buckets.queryResults]) {
        expect(encryption(bucket)).toEqual({
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [key, 'Arn'] },
              },
            },
          ],
        });
      }
      expect(encryption(stack.buckets.accessLogs)).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    });

    it('blocks public access on all four buckets and retains them by default', () => {
      // Prepare
      const buckets = resources(synth.template, 'AWS::S3::Bucket');

      // Act
      const settings = buckets.map(([, b]) => [b.Properties?.PublicAccessBlockConfiguration, b.DeletionPolicy]);

      // Assess
      expect(buckets).toHaveLength(4);
      for (const [block, deletion] of settings) {
        expect(block).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(deletion).toBe('Retain');
      }
    });

    it('denies every request without TLS in each bucket policy', () => {
      // Prepare
      const policies = resources(synth.template, 'AWS::S3::BucketPolicy');

      // Act
      const denyInsecure = policies.filter(([, p]) =>
        JSON.stringify(p.Properties?.PolicyDocument).includes(
          '"Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny"',
        ),
      );

      // Assess
      expect(policies).toHaveLength(4);
      expect(denyInsecure).toHaveLength(4);
    });

    it('reserves the personal-data key folder: only land-exports writes it, only the night reads it', () => {
      // Prepare
      const { template, stack } = synth;
      const [[, policy] = ['', undefined]] = resources(template, 'AWS::S3::BucketPolicy').filter(
        ([, p]) => flatten(p.Properties?.Bucket) === `<${logicalId(stack.buckets.curated)}>`,
      );
      const statements = (policy?.Properties?.PolicyDocument as { Statement: Record<string, Json>[] }).Statement;

      // Act
      const reserved = statements
        .filter((st) => st['Effect'] === 'Deny' && flatten(st['Resource']).endsWith('/pii-key/*'))
        .map((st) => {
          const condition = st['Condition'] as { ArnNotEquals?: Record<string, Json> };
          return {
            actions: [st['Action']].flat(),
            principal: st['Principal'],
            allowed: [condition.ArnNotEquals?.['aws:PrincipalArn'] ?? []].flat().map(flatten),
          };
        });

      // Assess
      const roleArn = (role: { node: { defaultChild?: unknown } }) => `<${logicalId(role)}.Arn>`;
      expect(reserved).toEqual([
        { actions: ['s3:PutObject'], principal: { AWS: '*' }, allowed: [roleArn(stack.functions.landExports.role)] },
        {
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          principal: { AWS: '*' },
          allowed: [roleArn(stack.night.role)],
        },
      ]);
    });

    it('versions raw and curated, expires results after 30 days and logs access', () => {
      // Prepare
      const { template, stack } = synth;
      const props = (bucket: { node: { defaultChild?: unknown } }) =>
        template.toJSON().Resources[logicalId(bucket)].Properties;

      // Act
      const raw = props(stack.buckets.raw);
      const curated = props(stack.buckets.curated);
      const results = props(stack.buckets.queryResults);

      // Assess
      expect(raw.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(curated.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(results.VersioningConfiguration).toBeUndefined();
      // crm:queryResultRetentionDays = 30, crm:rollbackRetentionDays = 30
      expect(results.LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' }),
      );
      expect(curated.LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      );
      for (const bucket of [raw, curated, results]) {
        expect(bucket.LoggingConfiguration.DestinationBucketName).toEqual({
          Ref: logicalId(stack.buckets.accessLogs),
        });
      }
    });
  });

  describe('Construct: GlueCatalog', () => {
    it('creates crm_raw, crm_stage and crm_kpi under those exact names', () => {
      // Prepare
      const databases = resources(synth.template, 'AWS::Glue::Database');

      // Act
      const names = databases.map(([, d]) => (d.Properties?.DatabaseInput as { Name: string }).Name);

      // Assess
      expect(names.sort()).toEqual(['crm_kpi', 'crm_raw', 'crm_stage']);
    });

    it('has one raw table per contract entity plus export_lines, projected on export_date, and no crawler', () => {
      // Prepare
      const tables = resources(synth.template, 'AWS::Glue::Table')
        .filter(([, t]) => flatten(t.Properties?.DatabaseName) === `<${logicalId(synth.stack.catalog.rawDatabase)}>`)
        .map(([, t]) => t.Properties?.TableInput as Record<string, unknown>);

      // Act
      const byName = new Map(tables.map((t) => [t['Name'] as string, t]));

      // Assess: 12 entities + export_lines
      expect([...byName.keys()].sort()).toEqual([...entityNames, 'export_lines'].sort());
      expect(resources(synth.template, 'AWS::Glue::Crawler')).toHaveLength(0);
      for (const table of tables) {
        expect(table['Parameters']).toMatchObject({
          'projection.enabled': 'true',
          'projection.export_date.type': 'date',
          'projection.export_date.format': 'yyyy-MM-dd',
        });
      }
      for (const entity of entityNames) {
        expect(byName.get(entity)?.['StorageDescriptor']).toMatchObject({
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde' },
          Location: { 'Fn::Join': ['', ['s3://', { Ref: logicalId(synth.stack.buckets.raw) }, `/${entity}/`]] },
        });
      }
    });

    it('defines crm_stage.pii_key over the key object land-exports writes, in curated', () => {
      // Prepare
      const { template, stack } = synth;

      // Act
      const table = template.toJSON().Resources[stack.resolve(stack.catalog.piiKeyTable.logicalId)].Properties;

      // Assess
      expect(flatten(table.DatabaseName)).toBe(`<${logicalId(stack.catalog.stageDatabase)}>`);
      expect(table.TableInput).toMatchObject({
        Name: 'pii_key',
        StorageDescriptor: {
          Columns: [{ Name: 'hmac_key', Type: 'string' }],
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' },
        },
      });
      expect(flatten(table.TableInput.StorageDescriptor.Location)).toBe(
        `s3://<${logicalId(stack.buckets.curated)}>/${PII_KEY_PREFIX}`,
      );
    });

    it('publishes only names BI may read: every KPI model and run log matches a published prefix', () => {
      // Prepare
      const kpiModels = readdirSync(join(PROJECT_ROOT, 'sql', 'kpi')).map((f) => f.replace(/\.sql$/, ''));
      const published = [
        ...kpiModels,
        KPI_CATALOG,
        ...LOG_TABLES.map((t) => t.name),
        'pipeline_rejects',
        'pipeline_file_log',
      ];

      // Act
      const unreadable = published.filter((n) => !PUBLISHED_NAME_PREFIXES.some((p) => n.startsWith(p)));

      // Assess
      expect(unreadable).toEqual([]);
    });
  });

  describe('Construct: AthenaWorkgroups', () => {
    it.each([
      ['crm-etl', 'etl/', 10 * GIB],
      ['crm-bi', 'bi/', 1 * GIB],
    ])('enforces engine v3, KMS results under %s and the cutoff', (name, prefix, cutoff) => {
      // Prepare
      const { template, stack } = synth;

      // Act + Assess: crm:etlScanCutoffGiB = 10 -> 10737418240, crm:biScanCutoffGiB = 1 -> 1073741824
      template.hasResourceProperties('AWS::Athena::WorkGroup', {
        Name: name,
        RecursiveDeleteOption: false,
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: cutoff,
          EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
          ResultConfiguration: {
            OutputLocation: {
              'Fn::Join': ['', ['s3://', { Ref: logicalId(stack.buckets.queryResults) }, `/${prefix}`]],
            },
            EncryptionConfiguration: {
              EncryptionOption: 'SSE_KMS',
              KmsKey: { 'Fn::GetAtt': [logicalId(stack.buckets.key), 'Arn'] },
            },
          },
        },
      });
    });
  });

  describe('Construct: PipelineFunctions', () => {
    it('runs six ESM handlers on Node 24, arm64, traced, with the settings functions/core/aws reads', () => {
      // Prepare
      const functions = resources(synth.template, 'AWS::Lambda::Function');

      // Act
      const props = functions.map(([, f]) => f.Properties as Record<string, unknown>);

      // Assess
      expect(functions).toHaveLength(6);
      for (const fn of props) {
        expect(fn).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/Logs/) } },
        });
        const env = (fn['Environment'] as { Variables: Record<string, unknown> }).Variables;
        expect(env).toMatchObject({
          POWERTOOLS_SERVICE_NAME: 'crm-kpi-warehouse',
          POWERTOOLS_METRICS_NAMESPACE: 'CrmKpi',
          [ENV_NAMES.rawDatabase]: 'crm_raw',
          [ENV_NAMES.stageDatabase]: 'crm_stage',
          [ENV_NAMES.kpiDatabase]: 'crm_kpi',
          [ENV_NAMES.pipelineConfig]: '{"reportingCurrency":"USD","timeZone":"UTC"}',
        });
        expect(Object.keys(env)).toEqual(expect.arrayContaining([ENV_NAMES.rawBucket, ENV_NAMES.curatedBucket]));
      }
    });

    it('gives each function its own log group with the retention from context (90 days)', () => {
      // Prepare
      const logGroups = resources(synth.template, 'AWS::Logs::LogGroup');

      // Act
      const retentions = logGroups.map(([, g]) => g.Properties?.RetentionInDays);

      // Assess: six functions + the state machine
      expect(retentions).toEqual([90, 90, 90, 90, 90, 90, 90]);
    });

    it('gives each function its own role with no managed policies', () => {
      // Prepare
      const functions = resources(synth.template, 'AWS::Lambda::Function');
      const roles = new Map(resources(synth.template, 'AWS::IAM::Role'));

      // Act
      const roleIds = functions.map(([, f]) => (f.Properties?.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] ?? '');

      // Assess
      expect(new Set(roleIds).size).toBe(6);
      for (const id of roleIds) expect(roles.get(id)?.Properties?.ManagedPolicyArns).toBeUndefined();
    });

    it('runs render-report in the pipeline workgroup, with time for nine report queries of 25 s each', () => {
      // Prepare
      const id = logicalId(synth.stack.functions.renderReport.function);

      // Act
      const props = synth.template.toJSON().Resources[id].Properties as Record<string, unknown>;

      // Assess: 9 x 25 s = 225 s < 300 s
      expect(props.Timeout).toBe(300);
      expect((props.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        [ENV_NAMES.workGroup]: 'crm-etl',
        [ENV_NAMES.kpiDatabase]: 'crm_kpi',
      });
    });
  });
});

describe('Stack: CrmKpiWarehouse (crm:destroyDataOnDelete = true, crm:alarmEmail set)', () => {
  it('deletes and empties the buckets with the stack and subscribes the address', () => {
    // Prepare + Act
    const { template } = synthWarehouse({
      'crm:destroyDataOnDelete': true,
      'crm:alarmEmail': 'ops@example.com',
    });

    // Assess
    const buckets = resources(template, 'AWS::S3::Bucket');
    expect(buckets.map(([, b]) => b.DeletionPolicy)).toEqual(['Delete', 'Delete', 'Delete', 'Delete']);
    expect(resources(template, 'Custom::S3AutoDeleteObjects')).toHaveLength(4);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});
