/**
 * Every statement an Athena night runs, as render-model renders it, parses
 * under the Trino grammar: the landing CTAS of each entity (CSV header
 * groups, JSON Lines, a whole-file error), the run logs, every model of
 * sql/ and the gate query. Also the plan's levels and the names a CTAS
 * writes to.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { entities } from '../../functions/core/contract/entities.js';
import type { RunManifest } from '../../functions/core/aws/run-manifest.js';
import { gateTargetNames, renderGateQuery, renderGateTarget } from '../../functions/core/plan/gates.js';
import { athenaRun, planLevels, renderTargetQuery, targetGraph } from '../../functions/core/plan/targets.js';
import type { AthenaRun } from '../../functions/core/plan/targets.js';
import { loadModels } from '../../functions/core/models/model-graph.js';
import { referencesOf, referenceSql } from '../../functions/core/plan/referential-gates.js';
import type { Model } from '../../functions/core/models/model-graph.js';
import { checkTrinoGrammar } from '../../functions/core/sql/trino-grammar.js';

const RUN_ID = 'r20261101_0123456789_1';
const catalog = {
  rawDatabase: 'crm_raw',
  stageDatabase: 'crm_stage',
  kpiDatabase: 'crm_kpi',
  curatedBucket: 'curated-bucket',
};

/** A night with every kind of file the land step can classify. */
function manifest(): RunManifest {
  const csv = (entity: string, key: string, header: string[], extra: object = {}) => ({
    entity,
    key,
    exportDate: key.includes('2026-10-31') ? '2026-10-31' : '2026-11-01',
    bytes: 100,
    etag: '"e100"',
    format: 'csv' as const,
    status: 'ok' as const,
    header,
    unknownColumns: [],
    ...extra,
  });
  return {
    version: 1,
    runId: RUN_ID,
    asOf: '2026-11-01',
    createdAt: '2026-11-02T02:30:00.000Z',
    rawBucket: 'raw-bucket',
    config: parseConfig({ timeZone: 'Europe/Paris' }),
    unknownFolders: [],
    force: false,
    baselineRunId: null,
    files: [
      csv('customers', 'customers/export_date=2026-10-31/customers.csv', [
        'customer_id', 'acquired_at', 'acquisition_channel', 'segment', 'country', 'email', 'updated_at',
      ]),
      csv('customers', 'customers/export_date=2026-11-01/customers.csv', [
        'customer_id', 'acquired_at', 'acquisition_channel', 'segment', 'country', 'email', 'updated_at',
      ]),
      // Another header: other order, other case, an extra column.
      csv('customers', "customers/export_date=2026-11-01/late o'clock.csv", [
        'Email', 'CUSTOMER_ID', 'segment', 'loyalty_tier',
      ], { unknownColumns: ['loyalty_tier'] }),
      csv('orders', 'orders/export_date=2026-11-01/orders.csv.gz', [
        'order_id', 'customer_id', 'ordered_at', 'amount', 'cost', 'category', 'status', 'currency', 'updated_at',
      ]),
      csv('orders', 'orders/export_date=2026-11-01/broken.csv', ['order_id', 'customer_id'], {
        fileError: { column: 'ordered_at, amount', reason: 'required column ordered_at, amount is missing from the file: whole file rejected' },
        problem: 'required column ordered_at, amount is missing, so the whole file was rejected',
        fix: 'add the column ordered_at, amount to the export header',
      }),
      {
        entity: 'orders',
        key: 'orders/export_date=2026-11-01/orders.jsonl',
        exportDate: '2026-11-01',
        bytes: 300,
        etag: '"e300"',
        format: 'jsonl',
        status: 'ok',
        unknownColumns: [],
      },
      {
        entity: 'leads',
        key: 'leads/export_date=2026-11-01/leads.xlsx',
        exportDate: '2026-11-01',
        bytes: 300,
        etag: '"e301"',
        format: null,
        status: 'unsupported',
        unknownColumns: [],
        problem: 'not a CSV or JSON Lines file, so it was not read',
        fix: 'export as .csv',
      },
    ],
  };
}

let models: Model[];
let run: AthenaRun;

beforeAll(async () => {
  models = await loadModels(join(import.meta.dirname, '..', '..', 'sql'));
  run = athenaRun(catalog, manifest(), models);
});

describe('Function: planLevels', () => {
  it('lands every entity at level 0 and puts every target after all it reads', () => {
    // Prepare
    const deps = new Map(targetGraph(models).map((g) => [g.target.name, g.deps]));

    // Act
    const levels = planLevels(models);

    // Assess
    expect(levels[0]?.models).toEqual(expect.arrayContaining(entities.map((e) => `landed_${e.name}`)));
    const levelOf = new Map(levels.flatMap((l, i) => l.models.map((m) => [m, i] as const)));
    expect(levelOf.size).toBe(deps.size);
    for (const [name, reads] of deps) {
      for (const read of reads) expect(levelOf.get(read), `${name} reads ${read}`).toBeLessThan(levelOf.get(name) ?? -1);
    }
    expect(levelOf.has('audit_reconciliation_identity')).toBe(false);
    expect(levelOf.get('pipeline_rejects')).toBe(1);
  });
});

describe('Function: renderTargetQuery', () => {
  it('renders every target as a CTAS that parses under the Trino grammar', () => {
    // Prepare
    const names = planLevels(models).flatMap((l) => l.models);

    // Act
    const problems = names.flatMap((name) =>
      checkTrinoGrammar(renderTargetQuery(run, name)).map((e) => `${name} ${e.line}:${e.column} ${e.message}`),
    );

    // Assess
    expect(names.length).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });

  it('writes each target to its run-scoped table and folder', () => {
    // Act
    const sql = renderTargetQuery(run, 'kpi_cohort_retention');

    // Assess
    expect(sql.split('\n').slice(0, 3)).toEqual([
      `CREATE TABLE crm_stage.kpi_cohort_retention__${RUN_ID}`,
      `WITH (format = 'PARQUET', external_location = 's3://curated-bucket/runs/${RUN_ID}/kpi_cohort_retention/')`,
      'AS',
    ]);
    expect(sql).toContain(`CAST('${RUN_ID}' AS VARCHAR) AS run_id`);
    expect(sql).toMatch(new RegExp(`from crm_stage\\.int_customers__${RUN_ID}`, 'i'));
  });

  it('reads a source as the accepted rows of the run\'s landed table', () => {
    // Act
    const sql = renderTargetQuery(run, 'stg_orders');

    // Assess
    expect(sql).toMatch(
      new RegExp(`FROM crm_stage\\.landed_orders__${RUN_ID} WHERE _reject_reason IS NULL\\)`),
    );
  });

  it('lands only the manifest\'s files, mapping each header group to its fields', () => {
    // Act
    const sql = renderTargetQuery(run, 'landed_customers');

    // Assess: the late file is its own group; customer_id is its field f1, email f0.
    expect(sql).toContain(`"$path" IN ('s3://raw-bucket/customers/export_date=2026-11-01/late o''clock.csv')`);
    expect(sql).toMatch(/CASE _group WHEN 1 THEN NULLIF\(trim\(f1\), ''\) ELSE NULLIF\(trim\(f0\), ''\) END AS "r_customer_id"/);
    expect(sql).toContain("export_date IN ('2026-10-31', '2026-11-01')");
    expect(sql).toContain("with_timezone(CAST(replace(\"r_acquired_at\", 'T', ' ') AS TIMESTAMP(3)), 'Europe/Paris')");
    expect(sql).toContain('hmac_sha256');
    expect(sql).toContain('(SELECT from_hex(hmac_key) FROM crm_stage.pii_key)');
    expect(sql).toContain('AS "email_hash"');
    expect(sql).not.toContain('AS "email"');
  });

  it('rejects every row of a file with a whole-file error, and reads JSON Lines from the lines table', () => {
    // Act
    const sql = renderTargetQuery(run, 'landed_orders');

    // Assess
    expect(sql).toContain("'required column ordered_at, amount is missing from the file: whole file rejected'");
    expect(sql).toContain('FROM crm_raw.export_lines');
    expect(sql).toContain("entity = 'orders'");
    expect(sql).toContain('superseded by');
  });

  it('refuses a target that is not in the graph', () => {
    expect(() => renderTargetQuery(run, 'kpi_nope')).toThrow('no target of the night plan named kpi_nope');
  });
});

describe('Function: renderGateQuery and the gate targets', () => {
  const keyed = () => models.filter((m) => m.layer !== 'audits').length;
  const audits = () => models.filter((m) => m.layer === 'audits').length;
  const branches = (sql: string): number => sql.split('\nUNION ALL\n').length;
  /** Every gate target's SELECT of a night, in order. */
  const gateSelects = (night: AthenaRun): string[] => gateTargetNames(models).map((t) => renderGateTarget(night, t));

  it('measures every gate in targets of at most 12 gates, each parsing under the Trino grammar', () => {
    // Act
    const selects = gateSelects(run);

    // Assess: 12 landed entities, a key per built model, the audits and the references.
    const gates = entities.length + keyed() + audits() + referencesOf(models).length;
    expect(gateTargetNames(models)).toHaveLength(Math.ceil((gates + entities.length) / 12));
    expect(selects.reduce((n, sql) => n + branches(sql), 0)).toBe(gates + 1);
    for (const sql of selects) {
      expect(checkTrinoGrammar(sql)).toEqual([]);
      expect(branches(sql)).toBeLessThanOrEqual(12);
    }
    const all = selects.join('\n');
    expect(all).toContain("'unique_key:stg_orders'");
    expect(all).toContain("'audit:audit_reconciliation_identity'");
    expect(all).toContain("'row_accounting:orders'");
    expect(all).not.toContain("'row_count_drop:");
  });

  it('builds the gate targets after every model, and the gate query only reads them', () => {
    // Act
    const sql = renderGateQuery(run);
    const levels = planLevels(models);

    // Assess
    expect(checkTrinoGrammar(sql)).toEqual([]);
    expect(levels.at(-1)?.models).toEqual(expect.arrayContaining(gateTargetNames(models)));
    expect(branches(sql)).toBe(gateTargetNames(models).length);
    expect(sql).toContain(`FROM crm_stage.gate_measures_1__${RUN_ID}`);
    expect(sql).not.toContain('GROUP BY');
  });

  it('measures each reference with the SQL the DuckDB gate runs, on the run\'s tables', () => {
    // Prepare
    const ref = referencesOf(models).find((r) => r.model === 'stg_orders');
    if (!ref) throw new Error('stg_orders.customer_id is a referential gate');

    // Act
    const sql = gateSelects(run).join('\n');

    // Assess
    expect(referencesOf(models).length).toBeGreaterThanOrEqual(9);
    expect(sql).toContain(referenceSql(ref, (m) => `crm_stage.${m}__${RUN_ID}`));
    expect(sql).toContain(
      "SELECT CAST('references:stg_orders.customer_id' AS VARCHAR) AS gate, values_missing AS violations",
    );
  });

  it('reads the baseline run\'s accepted rows per entity, when a night was published before', () => {
    // Prepare
    const baselineRunId = 'r20261031_9876543210_1';
    const withBaseline = athenaRun(catalog, { ...run.manifest, baselineRunId }, models);

    // Act
    const selects = gateSelects(withBaseline);

    // Assess
    const count = (s: string[]) => s.reduce((n, sql) => n + branches(sql), 0);
    for (const sql of selects) expect(checkTrinoGrammar(sql)).toEqual([]);
    expect(count(selects)).toBe(count(gateSelects(run)) - 1 + entities.length);
    expect(selects.join('\n')).toContain(
      "SELECT CAST('row_count_drop:orders' AS VARCHAR) AS gate, CAST(0 AS BIGINT) AS violations, " +
        "CAST('accepted rows of the previous published night' AS VARCHAR) AS detail, " +
        'sum(rows_accepted) AS rows_accepted, CAST(NULL AS BIGINT) AS rows_rejected, ' +
        `CAST(NULL AS BIGINT) AS rows_missing FROM crm_stage.pipeline_run_history__${baselineRunId} ` +
        "WHERE entity = 'orders' AND run_number = (SELECT max(run_number) FROM " +
        `crm_stage.pipeline_run_history__${baselineRunId} WHERE regexp_replace(run_id, '_[0-9]+$', '') ` +
        `<> '${RUN_ID.replace(/_\d+$/, '')}' AND as_of <= DATE '2026-11-01')`,
    );
  });
});

describe('Function: checkTrinoGrammar on CTAS', () => {
  it('rejects a CTAS whose WITH clause is malformed (the check is not vacuous)', () => {
    expect(checkTrinoGrammar("CREATE TABLE a.b WITH format = 'PARQUET' AS SELECT 1").length).toBeGreaterThan(0);
    expect(checkTrinoGrammar("CREATE TABLE a.b WITH (format = 'PARQUET') AS SELECT 1")).toEqual([]);
  });
});
