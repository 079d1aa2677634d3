/**
 * `pipeline_restatements` as an Athena target: planned after the tables it
 * diffs, rendered from the DuckDB pipeline's SQL with the run tables of
 * tonight and of the published run (the manifest's baselineRunId), typed
 * and empty on the first night, republished by a rerun of the same inputs,
 * and parsing under the Trino grammar.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import type { RunManifest } from '../../functions/core/aws/run-manifest.js';
import type { StageColumns } from '../../functions/core/plan/restatements.js';
import {
  describedTables,
  planLevels,
  renderTargetQuery,
} from '../../functions/core/plan/targets.js';
import { athenaRun } from '../../functions/core/plan/targets.js';
import type { AthenaRun } from '../../functions/core/plan/targets.js';
import { loadModels } from '../../functions/core/models/model-graph.js';
import type { Model } from '../../functions/core/models/model-graph.js';
import { buildTable } from '../../functions/core/duckdb/night/build-plan.js';
import { publishedTable } from '../../functions/core/duckdb/night/published-tables.js';
import { restatementsSelect } from '../../functions/core/plan/restatement-sql.js';
import { checkTrinoGrammar } from '../../functions/core/sql/trino-grammar.js';

const RUN_ID = 'r20261101_0123456789_1';
const PREVIOUS = 'r20261031_9876543210_1';
const RERUN_OF = 'r20261101_0123456789_2';
const TARGET = 'pipeline_restatements';
const RESTATED = ['kpi_headline_monthly', 'kpi_customer_reconciliation', 'kpi_cohort_retention'];
const catalog = { rawDatabase: 'crm_raw', stageDatabase: 'crm_stage', kpiDatabase: 'crm_kpi', curatedBucket: 'curated-bucket' };

let models: Model[];

const manifest = (baselineRunId: string | null, runId = RUN_ID): RunManifest => ({
  version: 1,
  runId,
  asOf: '2026-11-01',
  createdAt: '2026-11-02T02:30:00.000Z',
  rawBucket: 'raw-bucket',
  config: parseConfig({}),
  files: [],
  unknownFolders: [],
  force: false,
  baselineRunId,
});
const night = (baselineRunId: string | null, runId = RUN_ID): AthenaRun =>
  athenaRun(catalog, manifest(baselineRunId, runId), models);

/** Glue columns of a headline table; `extra` only on one night. */
const headline = (extra: [string, string][] = []): Map<string, string> =>
  new Map([
    ['month', 'date'],
    ['is_complete', 'boolean'],
    ['revenue', 'decimal(18,2)'],
    ['retention_rate', 'double'],
    ...extra,
    ['as_of', 'date'],
    ['run_id', 'string'],
  ]);
const reconciliation = (): Map<string, string> =>
  new Map([
    ['period_type', 'string'],
    ['period_start', 'date'],
    ['segment', 'string'],
    ['customers_end', 'bigint'],
    ['as_of', 'date'],
    ['run_id', 'string'],
  ]);

/** The columns render-model would read from Glue: tonight's tables and the previous run's. */
function glueColumns(runId: string, previousRunId: string, previousHas: readonly string[] = RESTATED): StageColumns {
  const byTable = new Map<string, Map<string, string>>([
    ['kpi_headline_monthly', headline()],
    ['kpi_customer_reconciliation', reconciliation()],
    ['kpi_cohort_retention', new Map()],
  ]);
  return new Map(
    [...byTable].flatMap(([table, columns]) => [
      [`crm_stage.${table}__${runId}`, table === 'kpi_headline_monthly' ? headline([['nps', 'double']]) : columns],
      [`crm_stage.${table}__${previousRunId}`, previousHas.includes(table) ? columns : new Map<string, string>()],
    ]),
  );
}

beforeAll(async () => {
  models = await loadModels(join(import.meta.dirname, '..', '..', 'sql'));
});

describe('Function: planLevels (restatements)', () => {
  it('builds the restatements after every table they diff', () => {
    // Act
    const levels = planLevels(models);

    // Assess
    const levelOf = new Map(levels.flatMap((l, i) => l.models.map((m) => [m, i] as const)));
    for (const table of RESTATED) {
      expect(levelOf.get(table), table).toBeLessThan(levelOf.get(TARGET) ?? -1);
    }
  });
});

describe('Function: describedTables', () => {
  it('reads no Glue columns for the first night, nor for another target', () => {
    expect(describedTables(night(null), TARGET)).toEqual([]);
    expect(describedTables(night(PREVIOUS), 'kpi_headline_monthly')).toEqual([]);
  });

  it('names tonight\'s and the published run\'s restated tables', () => {
    // Act
    const tables = describedTables(night(PREVIOUS), TARGET);

    // Assess
    expect(tables).toEqual(RESTATED.flatMap((t) => [`crm_stage.${t}__${RUN_ID}`, `crm_stage.${t}__${PREVIOUS}`]));
  });

  it('also names the published run\'s restatements when tonight reruns its inputs', () => {
    // Act
    const tables = describedTables(night(RUN_ID, RERUN_OF), TARGET);

    // Assess
    expect(tables).toContain(`crm_stage.${TARGET}__${RUN_ID}`);
    expect(tables).toHaveLength(RESTATED.length * 2 + 1);
  });
});

describe('Function: renderTargetQuery (restatements)', () => {
  it('writes an empty, typed table on the first night', () => {
    // Act
    const sql = renderTargetQuery(night(null), TARGET);

    // Assess
    expect(checkTrinoGrammar(sql)).toEqual([]);
    expect(sql.split('\n').slice(0, 2)).toEqual([
      `CREATE TABLE crm_stage.${TARGET}__${RUN_ID}`,
      `WITH (format = 'PARQUET', external_location = 's3://curated-bucket/runs/${RUN_ID}/${TARGET}/')`,
    ]);
    expect(sql).toContain('CAST(NULL AS BOOLEAN) AS previous_is_complete');
    expect(sql).toContain('WHERE false');
    expect(sql).toContain(`DATE '2026-11-01' AS as_of, CAST('${RUN_ID}' AS VARCHAR) AS run_id`);
    expect(sql).not.toContain('kpi_'); // reads no table
  });

  it('diffs tonight\'s tables against the published run\'s, on the columns both have', () => {
    // Act
    const sql = renderTargetQuery(night(PREVIOUS), TARGET, glueColumns(RUN_ID, PREVIOUS));

    // Assess
    expect(checkTrinoGrammar(sql)).toEqual([]);
    expect(sql).toContain(
      `FROM crm_stage.kpi_headline_monthly__${RUN_ID} AS n JOIN crm_stage.kpi_headline_monthly__${PREVIOUS} AS o ON n."month" = o."month"`,
    );
    expect(sql).toContain(
      `FROM crm_stage.kpi_customer_reconciliation__${PREVIOUS} AS o LEFT JOIN crm_stage.kpi_customer_reconciliation__${RUN_ID} AS n`,
    );
    expect(sql).toContain(`WHEN 'retention_rate' THEN (round(o."retention_rate", 9) IS DISTINCT FROM round(n."retention_rate", 9))`);
    expect(sql).toContain(`WHEN 'revenue' THEN (o."revenue" IS DISTINCT FROM n."revenue")`);
    // one join per table both nights have (two here), crossed with its
    // figures: a join per figure passed Trino's 150 query stages
    expect(sql.match(/ AS n JOIN /g)).toHaveLength(2);
    expect(sql).toContain(
      `'period_type=' || CAST(n."period_type" AS VARCHAR) || ', ' || 'period_start=' || CAST(n."period_start" AS VARCHAR)`,
    );
    expect(sql).not.toContain('"nps"'); // tonight only
    expect(sql).not.toContain('kpi_cohort_retention'); // built by neither night here
  });

  it('renders the DuckDB pipeline\'s diff text, with only the table names changed', () => {
    // Prepare: the same columns, read where DuckDB reads them.
    const columns = glueColumns(RUN_ID, PREVIOUS);
    const tables = RESTATED.map((name) => ({
      name,
      key: models.find((m) => m.name === name)?.header.key ?? [],
      built: columns.get(`crm_stage.${name}__${RUN_ID}`) ?? new Map(),
      previous: columns.get(`crm_stage.${name}__${PREVIOUS}`) ?? new Map(),
    }));
    const duckdb = restatementsSelect(tables, { built: buildTable, previous: publishedTable }, { runId: RUN_ID, asOf: '2026-11-01' });

    // Act
    const athena = renderTargetQuery(night(PREVIOUS), TARGET, columns);

    // Assess
    const renamed = RESTATED.reduce(
      (sql, t) =>
        sql
          .replaceAll(`${buildTable(t)} `, `crm_stage.${t}__${RUN_ID} `)
          .replaceAll(`${publishedTable(t)} `, `crm_stage.${t}__${PREVIOUS} `),
      duckdb,
    );
    expect(renamed).not.toBe(duckdb);
    expect(athena.endsWith(`AS\n${renamed}`)).toBe(true);
  });

  it('skips a table the published run does not have', () => {
    // Act
    const sql = renderTargetQuery(
      night(PREVIOUS),
      TARGET,
      glueColumns(RUN_ID, PREVIOUS, ['kpi_customer_reconciliation']),
    );

    // Assess
    expect(checkTrinoGrammar(sql)).toEqual([]);
    expect(sql).toContain(`kpi_customer_reconciliation__${PREVIOUS}`);
    expect(sql).not.toContain(`kpi_headline_monthly__${PREVIOUS}`);
  });

  it('republishes the restatements of the run a rerun repeats, stamped with the rerun', () => {
    // Prepare
    const columns = new Map([
      ...glueColumns(RERUN_OF, RUN_ID),
      [`crm_stage.${TARGET}__${RUN_ID}`, new Map([['table_name', 'string'], ['run_id', 'string']])],
    ]);

    // Act
    const sql = renderTargetQuery(night(RUN_ID, RERUN_OF), TARGET, columns);

    // Assess
    expect(checkTrinoGrammar(sql)).toEqual([]);
    expect(sql).toContain(`FROM crm_stage.${TARGET}__${RUN_ID}) AS changes`);
    expect(sql).toContain(`CAST('${RERUN_OF}' AS VARCHAR) AS run_id`);
    expect(sql).not.toContain('kpi_headline_monthly');
  });

  it('diffs a rerun whose published run has no restatements table', () => {
    // Prepare
    const columns = new Map([...glueColumns(RERUN_OF, RUN_ID), [`crm_stage.${TARGET}__${RUN_ID}`, new Map<string, string>()]]);

    // Act
    const sql = renderTargetQuery(night(RUN_ID, RERUN_OF), TARGET, columns);

    // Assess
    expect(sql).toContain(`JOIN crm_stage.kpi_headline_monthly__${RUN_ID} AS o`);
  });

  it('refuses to render without the columns of the tables it reads', () => {
    expect(() => renderTargetQuery(night(PREVIOUS), TARGET)).toThrow(
      `pipeline_restatements of run ${RUN_ID}: the columns of crm_stage.kpi_headline_monthly__${RUN_ID} were not read`,
    );
  });
});
