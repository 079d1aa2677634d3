/**
 * Every statement the Athena night renders executes on Trino: a night on
 * the core KPI fixture, with every statement sent counted, against the
 * statements the Step Functions handlers would render for the same run
 * (plan-night's levels, render-model's CTAS per target, the gate query).
 * Needs a running Trino: npm run trino:start, then npm run test:trino.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { readStageColumns } from '../../functions/core/aws/stage-columns.js';
import { GATES_TARGET } from '../../functions/core/aws/run-layout.js';
import { gateTargetNames, renderGateQuery, renderGateTarget } from '../../functions/core/plan/gates.js';
import { athenaRun, describedTables, planLevels, renderTargetQuery } from '../../functions/core/plan/targets.js';
import type { AthenaRun } from '../../functions/core/plan/targets.js';
import { loadModels } from '../../functions/core/models/model-graph.js';
import { freshTrinoLayout } from '../../functions/core/trino/run-trino.js';
import { DEMO_PII_KEY } from '../../functions/core/pii/pii-hash.js';
import { connectTrino } from '../../functions/core/trino/trino-connection.js';
import { runTrinoNight } from '../../functions/core/trino/trino-night.js';
import type { TrinoNightSummary } from '../../functions/core/trino/trino-night.js';
import { coreFixture } from '../kpi/core-fixture.js';
import { sqlDir, writeExports } from '../helpers/run-fixture.js';

describe('Trino night: the statements Athena would get', () => {
  const sent: { label: string; sql: string; queryId: string }[] = [];
  const layout = freshTrinoLayout('statements');
  const deps = connectTrino({});
  let night: TrinoNightSummary;
  let run: AthenaRun;

  beforeAll(async () => {
    // Prepare: a counting Trino client in front of the real one.
    const counting = {
      run: async (sql: string, label?: string) => {
        const result = await deps.trino.run(sql, label);
        sent.push({ label: label ?? 'statement', sql, queryId: result.queryId });
        return result;
      },
    };
    // Act
    const exportsDir = await writeExports(coreFixture);
    night = await runTrinoNight(
      { ...deps, trino: counting },
      { exportsDir, sqlDir, config: parseConfig({}), piiKey: DEMO_PII_KEY, ...layout },
    );
    run = athenaRun(layout.catalog, night.manifest, await loadModels(sqlDir));
  }, 300_000);
  afterAll(() => {
    deps.s3.destroy();
    deps.glue.destroy();
  });

  it('sends each planned target once, then the gate query, and nothing else', () => {
    const planned = planLevels(run.models).flatMap((level) => level.models);
    expect(sent.map((s) => s.label)).toEqual(expect.arrayContaining([...planned, GATES_TARGET]));
    expect(sent).toHaveLength(planned.length + 1);
    expect(new Set(sent.map((s) => s.label)).size).toBe(sent.length);
  });

  it('sends the exact text render-model and the gate step render for the run', async () => {
    for (const { label, sql } of sent) {
      const expected =
        label === GATES_TARGET
          ? renderGateQuery(run)
          : renderTargetQuery(run, label, await readStageColumns(deps.glue, describedTables(run, label)));
      expect(sql, label).toBe(expected);
    }
  });

  it('counts a listed file that produced no row as a row-accounting violation', async () => {
    // Prepare: the manifest lists one more orders file than the raw table
    // shows (as a partition outside the projection's range once did).
    const ghost = { ...night.manifest.files.find((f) => f.entity === 'orders' && f.status === 'ok')! };
    const haunted = { ...run, manifest: { ...run.manifest, files: [...run.manifest.files, { ...ghost, key: `${ghost.key}.ghost` }] } };
    const accounting = async (r: AthenaRun): Promise<unknown> => {
      for (const target of gateTargetNames(r.models)) {
        const { rows } = await deps.trino.run(
          `SELECT violations FROM (${renderGateTarget(r, target)}) AS g WHERE gate = 'row_accounting:orders'`,
        );
        if (rows.length > 0) return rows[0]?.[0];
      }
      return undefined;
    };
    // Act and assess
    expect(await accounting(run)).toBe(0);
    expect(await accounting(haunted)).toBe(1);
  });

  it('ran every statement to completion on the server', async () => {
    const ids = sent.map((s) => `'${s.queryId}'`).join(', ');
    const states = await deps.trino.run(
      `SELECT state, count(*) AS n FROM system.runtime.queries WHERE query_id IN (${ids}) GROUP BY state`,
    );
    expect(states.rows).toEqual([['FINISHED', sent.length]]);
    expect(night.gates.passed).toBe(true);
  });
});
