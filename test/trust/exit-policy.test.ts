/**
 * The exit-code policy: rejects within maxRejectShare (per entity) are
 * warnings, the night publishes and exits 0; a share above it fails the
 * gate, no KPI table is published, the run log says why, and `npm start`
 * exits 1.
 *
 * Fixture: bad-input/foreign-currency, whose orders file has 5 rows and 1
 * reject (an EUR order): a share of 1 / 5 = 20%.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { prepareExports, runTrustNight } from './trust-night.js';

const REJECT_GATE = "SELECT gate, severity, violations, passed, detail FROM main.pipeline_gate_log WHERE gate = 'reject_share:orders'";
const KPI_TABLES = "SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name LIKE 'kpi_%'";

describe('Function: runNightly (exit-code policy)', () => {
  it('publishes when the reject share is within maxRejectShare, logging a warning', async () => {
    // Prepare / Act: 20% <= 25%.
    const night = await runTrustNight(await prepareExports('bad-input/foreign-currency'), {
      config: { maxRejectShare: 0.25 },
    });
    try {
      // Assess
      expect(night.gateError).toBeNull();
      expect(await night.rows(REJECT_GATE)).toEqual([
        {
          gate: 'reject_share:orders',
          severity: 'warning',
          violations: '1',
          passed: true,
          detail: '1 of 5 rows rejected (20%); within maxRejectShare 25%',
        },
      ]);
      expect(Number((await night.rows(KPI_TABLES))[0]?.n)).toBeGreaterThan(0);
    } finally {
      await night.close();
    }
  });

  it('fails the gate above maxRejectShare and publishes only the run log', async () => {
    // Prepare / Act: 20% > 5% (the default).
    const night = await runTrustNight(await prepareExports('bad-input/foreign-currency'));
    try {
      // Assess
      expect(night.gateError?.failures).toEqual([{ gate: 'reject_share:orders', violations: 1 }]);
      expect(await night.rows(REJECT_GATE)).toEqual([
        {
          gate: 'reject_share:orders',
          severity: 'error',
          violations: '1',
          passed: false,
          detail: '1 of 5 rows rejected (20%); more than maxRejectShare 5%',
        },
      ]);
      expect(Number((await night.rows(KPI_TABLES))[0]?.n)).toBe(0);
      const runIds = await night.rows('SELECT DISTINCT run_id FROM main.pipeline_gate_log');
      expect(runIds).toHaveLength(1);
    } finally {
      await night.close();
    }
  });
});

describe('npm start (exit codes)', () => {
  let workDir: string;
  let exportsDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-exit-'));
    exportsDir = await prepareExports('bad-input/foreign-currency');
    await writeFile(join(workDir, 'lenient.json'), JSON.stringify({ maxRejectShare: 0.25 }));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
    await rm(exportsDir, { recursive: true, force: true });
  });

  it('exits 0 and lists the warning when the rejects are within the share', async () => {
    // Act
    const result = await runCli([
      '--exports', exportsDir,
      '--warehouse', join(workDir, 'lenient'),
      '--config', join(workDir, 'lenient.json'),
    ]);
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Warnings (published anyway; table pipeline_gate_log):\n' +
        '  reject_share:orders: 1 of 5 rows rejected (20%); within maxRejectShare 25%',
    );
  });

  it('exits 1 and says which gate failed and why when the share is exceeded', async () => {
    // Act
    const result = await runCli(['--exports', exportsDir, '--warehouse', join(workDir, 'strict')]);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'gate reject_share:orders failed: 1 of 5 rows rejected (20%); more than maxRejectShare 5%',
    );
    expect(result.stderr).toContain(
      'error: quality gates failed, nothing was published: reject_share:orders (1 violations)\n' +
        'The KPI tables were not published (the previous ones are unchanged); ' +
        'pipeline_gate_log, pipeline_file_log and pipeline_rejects say why.',
    );
  });
});
