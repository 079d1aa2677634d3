/**
 * `pipeline_restatements` on Athena: one more CTAS target of the night,
 * after the KPI tables it diffs. The night it is compared with is the run
 * published when this one was claimed (the manifest's `baselineRunId`),
 * whose tables stay in crm_stage as `<table>__<baselineRunId>` (retention
 * keeps the published run). The SQL is the DuckDB pipeline's
 * (pipeline/restatement-sql.ts); which columns both nights have, and which
 * are DOUBLE, comes from Glue: render-model reads the columns of the tables
 * `restatementInputs` names and passes them in.
 */
import { RunStateError } from '../errors.js';
import { runTable, runTableName, sameInputs } from '../aws/run-layout.js';
import {
  noRestatements,
  RESTATEMENTS,
  republishedSelect,
  restatedKeys,
  restatementsSelect,
} from '../pipeline/restatement-sql.js';
import type { AthenaRun } from './targets.js';

/**
 * Column names and Glue types of crm_stage tables, by table name as Glue
 * knows it (`<target>__<runId>`); an empty map for a table that does not
 * exist.
 */
type StageColumns = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The crm_stage tables the restatements are rendered from: tonight's and
 * the published run's restated tables, and, on a rerun of the published
 * night's inputs, its restatements. None on the first night.
 */
function restatementInputs(run: AthenaRun): string[] {
  const { runId, baselineRunId } = run.manifest;
  if (baselineRunId === null) return [];
  return [
    ...restatedKeys(run.models).flatMap(({ name }) => [
      runTableName(name, runId),
      runTableName(name, baselineRunId),
    ]),
    ...(sameInputs(runId, baselineRunId) ? [runTableName(RESTATEMENTS, baselineRunId)] : []),
  ];
}

/** The SELECT of `pipeline_restatements` for this run, from the columns `restatementInputs` named. */
function athenaRestatementsSelect(run: AthenaRun, columns: StageColumns): string {
  const { runId, asOf, baselineRunId: previousRunId } = run.manifest;
  const night = { runId, asOf };
  if (previousRunId === null) return noRestatements(night);
  const columnsOf = (table: string, id: string): ReadonlyMap<string, string> => {
    const found = columns.get(runTableName(table, id));
    if (!found) {
      throw new RunStateError(
        `${RESTATEMENTS} of run ${runId}: the columns of ${runTable(run.catalog, table, id)} were not read`,
      );
    }
    return found;
  };
  if (sameInputs(runId, previousRunId) && columnsOf(RESTATEMENTS, previousRunId).size > 0) {
    return republishedSelect(runTable(run.catalog, RESTATEMENTS, previousRunId), night);
  }
  return restatementsSelect(
    restatedKeys(run.models).map(({ name, key }) => ({
      name,
      key,
      built: columnsOf(name, runId),
      previous: columnsOf(name, previousRunId),
    })),
    {
      built: (table) => runTable(run.catalog, table, runId),
      previous: (table) => runTable(run.catalog, table, previousRunId),
    },
    night,
  );
}

export { athenaRestatementsSelect, restatementInputs };
export type { StageColumns };
