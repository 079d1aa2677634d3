import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWarehouse } from '../../infra/warehouse-app.js';
import { warehouseApp } from './synth-warehouse.js';

interface NagReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string }[];
    suppressedViolations: { ruleName: string; acknowledgedId: string; reason: string }[];
  }[];
}

interface LintMatch {
  Level: string;
  Rule: { Id: string };
  Message: string;
}

/** Findings cfn-lint may report, with why they are accepted. */
const ACCEPTED_LINT_WARNINGS: Readonly<Record<string, string>> = {
  W3005: 'CDK adds a DependsOn on a role that a GetAtt already implies (redundant, harmless)',
};

/** Synthesizes the app into a fresh cloud assembly, as `cdk synth -o <dir>` does. */
function synthesizeTo(overrides: Record<string, unknown>): string {
  const outdir = mkdtempSync(join(tmpdir(), 'crm-kpi-cdk-'));
  try {
    const app = warehouseApp(overrides, outdir);
    addWarehouse(app);
    app.synth();
    return outdir;
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

describe.each([
  ['cdk.json context', {}],
  ['crm:destroyDataOnDelete = true', { 'crm:destroyDataOnDelete': true, 'crm:alarmEmail': 'ops@example.com' }],
])('Function: addWarehouse (%s)', (_, overrides) => {
  let outdir: string | undefined;
  // A finding without acknowledgement makes the synth itself throw, naming it.
  beforeAll(() => {
    outdir = synthesizeTo(overrides);
  });
  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });
  const read = (file: string): string => readFileSync(join(outdir ?? '', file), 'utf8');

  it('leaves no cdk-nag AwsSolutions finding unacknowledged', () => {
    // Prepare
    const report = JSON.parse(read('validation-report.json')) as NagReport;

    // Act
    const [nag] = report.pluginReports.filter((p) => p.pluginName === 'AwsSolutions');

    // Assess
    expect(nag?.violations).toEqual([]);
    expect(nag?.conclusion).toBe('success');
  });

  it('acknowledges each finding by its precise id, with a reason', () => {
    // Prepare
    const report = JSON.parse(read('validation-report.json')) as NagReport;

    // Act
    const acknowledged = report.pluginReports.flatMap((p) => p.suppressedViolations);

    // Assess: an IAM5 acknowledgement names its resource; every reason explains (>= 40 chars)
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const finding of acknowledged) {
      expect(finding.acknowledgedId).toBe(`AwsSolutions::${finding.ruleName}`);
      if (finding.ruleName.startsWith('AwsSolutions-IAM5')) {
        expect(finding.ruleName).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
      }
      expect(finding.reason.length).toBeGreaterThanOrEqual(40);
    }
    expect([...new Set(acknowledged.map((f) => f.ruleName.replace(/\[.*$/, '')))].sort()).toEqual([
      'AwsSolutions-IAM5',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
  });

  it('passes cfn-lint with no error and no warning but the accepted ones', (ctx) => {
    // Prepare
    const template = join(outdir ?? '', 'CrmKpiWarehouse.template.json');

    // Act
    const lint = spawnSync('cfn-lint', ['--format', 'json', template], { encoding: 'utf8' });

    // Assess
    if (lint.error) {
      const message =
        'cfn-lint is not on PATH, so the template was not linted: install it with ' +
        '`pip install cfn-lint` (1.51 was used here).';
      if (process.env.CI) throw new Error(message);
      console.warn(message);
      ctx.skip();
    }
    const matches = JSON.parse(lint.stdout || '[]') as LintMatch[];
    const errors = matches.filter((m) => m.Level === 'Error');
    const unexpected = matches.filter((m) => m.Level !== 'Error' && !(m.Rule.Id in ACCEPTED_LINT_WARNINGS));
    expect(errors.map((m) => `${m.Rule.Id}: ${m.Message}`)).toEqual([]);
    expect(unexpected.map((m) => `${m.Rule.Id}: ${m.Message}`)).toEqual([]);
  });
});
