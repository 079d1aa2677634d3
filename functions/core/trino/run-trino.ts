/**
 * `npm start -- --engine trino`: one night of the Athena plan on Trino
 * (trino-night.ts), then what a user looks at: the rows of every published
 * table (read back through the published views) and the monthly report,
 * written to `<warehouse>/report/` from those views as the report step
 * does in production.
 */
import { randomBytes } from 'node:crypto';
import type { PipelineConfig } from '../config/pipeline-config.js';
import type { AthenaCatalog } from '../aws/run-layout.js';
import { assertExportsFolder } from '../exports/discover-exports.js';
import { sqlIdentifier } from '../sql/sql-text.js';
import { textTable } from '../local/print-summary.js';
import type { ProgressSink } from '../engine/progress.js';
import { writeReport } from '../report/write-report.js';
import type { SkippedReport, WrittenReport } from '../report/write-report.js';
import { connectTrino, trinoUrlOf } from './trino-connection.js';
import type { TrinoConnection } from './trino-connection.js';
import { TrinoEngine } from './trino-engine.js';
import { runTrinoNight } from './trino-night.js';
import type { TrinoNightSummary } from './trino-night.js';

/**
 * Where the night's data lives: the stack's names (infra) by default, which
 * a local Trino on moto uses too; a self-hosted cluster on a real account
 * names its own buckets and Glue databases in the environment.
 */
function trinoLayout(env: NodeJS.ProcessEnv = process.env): { rawBucket: string; catalog: AthenaCatalog } {
  return {
    rawBucket: env.CRM_KPI_RAW_BUCKET || 'crm-kpi-raw',
    catalog: {
      rawDatabase: env.CRM_KPI_RAW_DATABASE || 'crm_raw',
      stageDatabase: env.CRM_KPI_STAGE_DATABASE || 'crm_stage',
      kpiDatabase: env.CRM_KPI_KPI_DATABASE || 'crm_kpi',
      curatedBucket: env.CRM_KPI_CURATED_BUCKET || 'crm-kpi-curated',
    },
  };
}

/** Buckets and databases of their own, named `<prefix>-<random>`: a warehouse no other run sees. */
function freshTrinoLayout(prefix: string): { rawBucket: string; catalog: AthenaCatalog } {
  const id = `${prefix}-${randomBytes(4).toString('hex')}`;
  const db = id.replaceAll('-', '_');
  return {
    rawBucket: `${id}-raw`,
    catalog: { rawDatabase: `${db}_raw`, stageDatabase: `${db}_stage`, kpiDatabase: `${db}_kpi`, curatedBucket: `${id}-curated` },
  };
}

interface TrinoRunOptions {
  readonly exportsDir: string;
  readonly sqlDir: string;
  readonly warehouseDir: string;
  readonly config: PipelineConfig;
  readonly piiKey: string;
  readonly connection: TrinoConnection;
  readonly exportDate?: string;
  readonly force?: boolean;
  readonly progress?: ProgressSink;
}

interface TrinoRunResult extends TrinoNightSummary {
  readonly trinoUrl: string;
  readonly catalog: AthenaCatalog;
  readonly published: readonly { name: string; rows: number }[];
  readonly report: WrittenReport | SkippedReport;
}

async function runTrino(options: TrinoRunOptions): Promise<TrinoRunResult> {
  await assertExportsFolder(options.exportsDir);
  const layout = trinoLayout();
  const { catalog } = layout;
  const deps = connectTrino(options.connection);
  const night = await runTrinoNight(deps, { ...options, ...layout });
  const published = [];
  for (const name of night.publish.published) {
    const { rows } = await deps.trino.run(
      `SELECT count(*) FROM ${catalog.kpiDatabase}.${sqlIdentifier(name)}`,
      `count ${name}`,
    );
    published.push({ name, rows: Number(rows[0]?.[0] ?? 0) });
  }
  options.progress?.stage('report');
  const reader = new TrinoEngine({ client: connectTrino(options.connection, catalog.kpiDatabase).trino });
  const report = await writeReport(reader, options.warehouseDir, {
    currency: options.config.reportingCurrency,
    cacToClvMaxRatio: options.config.cacToClvMaxRatio,
  });
  return { ...night, trinoUrl: trinoUrlOf(options.connection), catalog, published, report };
}

/** The run summary of a Trino night. */
function formatTrinoSummary(result: TrinoRunResult): string {
  const { manifest, gates } = result;
  const entities = gates.gates
    .filter((g) => g.gate.startsWith('row_accounting:'))
    .map((g) => [g.gate.slice('row_accounting:'.length), g.rowsAccepted ?? 0, g.rowsRejected ?? 0]);
  const problems = manifest.files.filter((f) => f.problem);
  return [
    `Run ${manifest.runId} (export date ${manifest.asOf}) on Trino at ${result.trinoUrl}`,
    textTable(['entity', 'accepted', 'rejected'], entities),
    ...(problems.length > 0
      ? [`Files with problems:\n${problems.map((f) => `  ${f.key}: ${f.problem}. Fix: ${f.fix}`).join('\n')}`]
      : []),
    textTable(['published table', 'rows'], result.published.map((p) => [p.name, p.rows])),
    textTable(['stage', 'seconds'], Object.entries(result.stageSeconds).map(([s, t]) => [s, t.toFixed(2)])),
    `Quality gates: ${gates.gates.filter((g) => g.passed).length}/${gates.gates.length} passed; ` +
      `${result.builds.length} targets built`,
    `Outputs:\n  tables:   awsdatacatalog.${result.catalog.kpiDatabase}.<table> on Trino (views over run ` +
      `${manifest.runId} in s3://${result.catalog.curatedBucket}/runs/)\n` +
      (result.report.status === 'written'
        ? `  report:   ${result.report.htmlPath} (its rows as CSV in ${result.report.csvDir}/)`
        : `  report:   not written: ${result.report.reason}`),
  ].join('\n\n');
}

export { formatTrinoSummary, freshTrinoLayout, runTrino, trinoLayout };
export type { TrinoRunOptions, TrinoRunResult };
