import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_TABLES } from '../../functions/core/report/report-tables.js';
import { synthWarehouse } from './synth-warehouse.js';
import type { SynthesizedWarehouse } from './synth-warehouse.js';
import { actionsOn, iamStatements, roleStatements } from './template-views.js';
import type { Statement } from './template-views.js';

/**
 * The only actions allowed on `Resource: *`, each because AWS offers no
 * narrower resource for it.
 */
const STAR_RESOURCE_EXCEPTIONS: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions (Lambda and Step Functions tracing)',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions',
  'xray:GetSamplingRules': 'X-Ray has no resource-level permissions (Step Functions tracing)',
  'xray:GetSamplingTargets': 'X-Ray has no resource-level permissions (Step Functions tracing)',
  'logs:CreateLogDelivery': 'Step Functions log delivery: CloudWatch Logs vended-log APIs require *',
  'logs:GetLogDelivery': 'Step Functions log delivery (vended logs) requires *',
  'logs:UpdateLogDelivery': 'Step Functions log delivery (vended logs) requires *',
  'logs:DeleteLogDelivery': 'Step Functions log delivery (vended logs) requires *',
  'logs:ListLogDeliveries': 'Step Functions log delivery (vended logs) requires *',
  'logs:PutResourcePolicy': 'Step Functions log delivery writes the log group resource policy; requires *',
  'logs:DescribeResourcePolicies': 'Step Functions log delivery (vended logs) requires *',
  'logs:DescribeLogGroups': 'Step Functions log delivery lists log groups; requires *',
};

const OUR_BUCKET = /^<DataLake(Raw|Curated|QueryResults)[0-9A-F]{8}\.Arn>(\/.*)?$/;
const OUR_KEY = /^<(DataLakeKey|AlarmTopicKey)[0-9A-F]{8}\.Arn>$/;
const GLUE = 'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:';
const OUR_GLUE = new RegExp(
  `^${GLUE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(catalog|database/<Catalog(Raw|Stage|Kpi)[0-9A-F]{8}>|table/<Catalog(Raw|Stage|Kpi)[0-9A-F]{8}>/([a-z_]+|\\*))$`,
);
const ATHENA = 'arn:<AWS::Partition>:athena:<AWS::Region>:<AWS::AccountId>:';
const OUR_ATHENA = [`${ATHENA}workgroup/crm-etl`, `${ATHENA}workgroup/crm-bi`, `${ATHENA}datacatalog/AwsDataCatalog`];

const service = (action: string): string => action.split(':')[0] ?? '';

describe('IAM: least privilege', () => {
  let synth: SynthesizedWarehouse;
  let statements: Statement[];
  beforeAll(() => {
    synth = synthWarehouse();
    statements = iamStatements(synth.template);
  });

  it('grants Resource * only for the actions AWS offers no narrower resource for', () => {
    // Prepare
    const star = statements.filter((s) => s.effect === 'Allow' && s.resources.includes('*'));

    // Act
    const unexpected = star.flatMap((s) =>
      s.actions.filter((a) => !(a in STAR_RESOURCE_EXCEPTIONS)).map((a) => `${s.owner}: ${a}`),
    );

    // Assess: the exceptions are really used (6 functions + the state machine trace)
    expect(unexpected).toEqual([]);
    expect(star.length).toBeGreaterThanOrEqual(6);
  });

  it('names every action in full (no wildcard actions)', () => {
    // Prepare + Act
    const wildcards = statements.flatMap((s) => s.actions.filter((a) => a.includes('*')).map((a) => `${s.owner}: ${a}`));

    // Assess
    expect(wildcards).toEqual([]);
  });

  it.each([
    ['s3', OUR_BUCKET],
    ['kms', OUR_KEY],
    ['glue', OUR_GLUE],
  ])('names only the stack’s own resources in %s statements', (prefix, pattern) => {
    // Prepare
    const scoped = statements.filter((s) => s.actions.some((a) => service(a) === prefix));

    // Act
    const foreign = scoped.flatMap((s) => s.resources.filter((r) => !pattern.test(r)).map((r) => `${s.owner}: ${r}`));

    // Assess
    expect(scoped.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
  });

  it('names only the two workgroups and the default data catalog in Athena statements', () => {
    // Prepare
    const athena = statements.filter((s) => s.actions.some((a) => service(a) === 'athena'));

    // Act
    const foreign = athena.flatMap((s) => s.resources.filter((r) => !OUR_ATHENA.includes(r)));

    // Assess
    expect(foreign).toEqual([]);
  });

  it('lets only the state machine, BI and the report step start or poll an Athena query', () => {
    // Prepare
    const polling = ['athena:StartQueryExecution', 'athena:GetQueryExecution'];

    // Act
    const owners = [
      ...new Set(statements.filter((s) => s.actions.some((a) => polling.includes(a))).map((s) => s.owner)),
    ];

    // Assess: the state machine (crm-etl), the BI role (crm-bi), render-report (crm-etl, small reads)
    expect(owners.sort()).toEqual([
      expect.stringMatching(/^BiRole/),
      expect.stringMatching(/^FunctionsrenderreportRole/),
      expect.stringMatching(/^NightRole/),
    ]);
  });

  describe('render-report', () => {
    let report: Statement[];
    const unsuffixed = (r: string): string => r.replace(GLUE, '').replace(/[0-9A-F]{8}(\.Arn)?>/, '>');
    beforeAll(() => {
      report = roleStatements(synth.template, 'FunctionsrenderreportRole');
    });

    it('runs its queries in crm-etl only, and reads their results under etl/', () => {
      // Prepare
      const athena = report.filter((s) => s.actions.some((a) => service(a) === 'athena'));

      // Act
      const named = new Set(athena.flatMap((s) => s.resources.map((r) => r.replace(ATHENA, ''))));
      const results = new Set(
        report.flatMap((s) => s.resources).filter((r) => r.startsWith('<DataLakeQueryResults') && r.includes('/')),
      );

      // Assess
      expect(named).toEqual(new Set(['workgroup/crm-etl', 'datacatalog/AwsDataCatalog']));
      expect(actionsOn(report, /workgroup\/crm-etl$/)).toEqual(
        expect.arrayContaining(['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution']),
      );
      expect([...results].map(unsuffixed)).toEqual(['<DataLakeQueryResults>/etl/*']);
    });

    it('reads in Glue only the report’s published views, their history tables and the pointer', () => {
      // Prepare
      const expected = [
        ...REPORT_TABLES.flatMap((t) => [`table/<CatalogKpi>/${t}`, `table/<CatalogKpi>/${t}__history`]),
        'table/<CatalogKpi>/pipeline_current_run',
      ];

      // Act
      const glue = report.filter((s) => s.actions.some((a) => service(a) === 'glue'));
      const tables = glue.flatMap((s) => s.resources.map(unsuffixed)).filter((r) => r.startsWith('table/'));

      // Assess
      expect(glue.flatMap((s) => s.actions).every((a) => /^glue:(Get|BatchGet)/.test(a))).toBe(true);
      expect(tables.sort()).toEqual(expected.sort());
    });

    it('reads the report tables’ run folders and the pointer, and writes only under report/', () => {
      // Prepare
      const curated = (action: string) =>
        report
          .filter((s) => s.actions.includes(action))
          .flatMap((s) => s.resources.filter((r) => r.startsWith('<DataLakeCurated')))
          .map(unsuffixed)
          .sort();

      // Act
      const reads = curated('s3:GetObject');
      const writes = curated('s3:PutObject');

      // Assess
      expect(reads).toEqual(
        ['<DataLakeCurated>/published/*', ...REPORT_TABLES.map((t) => `<DataLakeCurated>/runs/*/${t}/*`)].sort(),
      );
      expect(writes).toEqual(['<DataLakeCurated>/report/*']);
      expect(curated('s3:DeleteObject')).toEqual([]);
      expect(report.flatMap((s) => s.resources).filter((r) => r.startsWith('<DataLakeRaw') && r.includes('/')).map(unsuffixed)).toEqual(
        ['<DataLakeRaw>/_manifests/*'],
      );
      expect(actionsOn(report, /^<DataLakeRaw[0-9A-F]{8}\.Arn>\//)).toEqual(['s3:GetObject']);
      expect(actionsOn(report, /^<DataLakeKey/)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    });
  });

  it('keeps BI to crm-bi, crm_kpi and the published run folders', () => {
    // Prepare
    const bi = roleStatements(synth.template, 'BiRole');

    // Act
    const curatedObjects = bi
      .filter((s) => s.actions.includes('s3:GetObject'))
      .flatMap((s) => s.resources.filter((r) => r.startsWith('<DataLakeCurated')))
      .map((r) => r.replace(/^<[^>]+>/, ''))
      .sort();

    // Assess
    expect(actionsOn(bi, /workgroup\/crm-etl$/)).toEqual([]);
    expect(actionsOn(bi, /workgroup\/crm-bi$/)).toContain('athena:StartQueryExecution');
    expect(actionsOn(bi, /<Catalog(Raw|Stage)/)).toEqual([]);
    expect(curatedObjects).toEqual(['/published/*', '/runs/*/dim_*', '/runs/*/kpi_*', '/runs/*/pipeline_*']);
    expect(actionsOn(bi, /^<DataLakeRaw/)).toEqual([]);
    expect(actionsOn(bi, /pii-key|pii_key/)).toEqual([]);
  });

  it('keeps land-exports to reading exports, claiming runs, writing the key object and reading the pointer', () => {
    // Prepare
    const land = roleStatements(synth.template, 'FunctionslandexportsRole');

    // Act
    const writes = land
      .filter((s) => s.actions.includes('s3:PutObject'))
      .flatMap((s) => s.resources.map((r) => r.replace(/[0-9A-F]{8}\.Arn>/, '>')));

    // Assess
    expect(writes.sort()).toEqual(['<DataLakeCurated>/pii-key/hmac_key.hex', '<DataLakeRaw>/_manifests/*']);
    expect(actionsOn(land, /^<DataLakeCurated/)).toEqual(['s3:PutObject']);
    expect(actionsOn(land, /^<FunctionsPiiKey/)).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(land.flatMap((s) => s.actions).filter((a) => a.startsWith('athena:'))).toEqual([]);
    const glue = land.filter((s) => s.actions.some((a) => service(a) === 'glue'));
    expect(glue.map((s) => [s.actions, s.resources.map((r) => r.replace(GLUE, '').replace(/[0-9A-F]{8}>/, '>'))])).toEqual([
      [['glue:GetTable'], ['catalog', 'database/<CatalogKpi>', 'table/<CatalogKpi>/pipeline_current_run']],
    ]);
  });

  it('lets the state machine read the key object by its full name, and nothing else under pii-key/', () => {
    // Prepare
    const night = roleStatements(synth.template, 'NightRole');

    // Act
    const curatedObjects = night
      .flatMap((s) => s.resources)
      .filter((r) => r.startsWith('<DataLakeCurated'))
      .map((r) => r.replace(/^<[^>]+>/, ''));

    // Assess
    expect(actionsOn(night, /^<DataLakeCurated[0-9A-F]{8}\.Arn>\/pii-key\//)).toEqual(['s3:GetObject']);
    expect(curatedObjects.filter((r) => r.includes('pii-key'))).toEqual(['/pii-key/hmac_key.hex']);
    expect(curatedObjects.filter((r) => r === '/*' || r === '/pii-key/*')).toEqual([]);
  });

  it('lets the state machine read the raw bucket but never write it', () => {
    // Prepare
    const night = roleStatements(synth.template, 'NightRole');

    // Act
    const raw = actionsOn(night, /^<DataLakeRaw/);

    // Assess
    expect(raw).toEqual(['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
  });

  it('lets only publish-night write crm_kpi', () => {
    // Prepare
    const writers = statements.filter(
      (s) => s.actions.includes('glue:UpdateTable') && s.resources.some((r) => /table\/<CatalogKpi/.test(r)),
    );

    // Act
    const owners = [...new Set(writers.map((s) => s.owner))];

    // Assess
    expect(owners).toEqual([expect.stringMatching(/^FunctionspublishnightRole/)]);
  });
});
