/**
 * `pipeline_restatements`: one more target of the night, after the KPI
 * tables it diffs. The night it is compared with is the baseline, the run
 * published when this one started (the manifest's `baselineRunId`): on
 * Athena its tables stay in crm_stage as `<table>__<baselineRunId>`
 * (retention keeps the published run), on DuckDB they are the published
 * tables. Which columns both nights have, and which are DOUBLE, is read
 * from the engine (Glue on Athena, information_schema on DuckDB): the
 * executor reads the columns of the tables `restatementInputs` names and
 * passes them in.
 */
import { RunStateError } from '../errors.js';
import { sameInputs } from '../aws/run-layout.js';
import {
  noRestatements,
  RESTATEMENTS,
  republishedSelect,
  restatedKeys,
  restatementsSelect,
} from './restatement-sql.js';
import type { NightRun } from './targets.js';

/**
 * Column names and types of tables, by the qualified name `RunTables`
 * gives; an empty map for a table that does not exist.
 */
type StageColumns = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The crm_stage tables the restatements are rendered from: tonight's and
 * the published run's restated tables, and, on a rerun of the published
 * night's inputs, its restatements. None on the first night.
 */
function restatementInputs(run: NightRun): string[] {
  const { tonight, baseline } = run.tables;
  const { runId, baselineRunId } = run.manifest;
  if (baseline === null || baselineRunId === null) return [];
  return [
    ...restatedKeys(run.models).flatMap(({ name }) => [tonight(name), baseline(name)]),
    ...(sameInputs(runId, baselineRunId) ? [baseline(RESTATEMENTS)] : []),
  ];
}

/** The SELECT of `pipeline_restatements` for this run, from the columns `restatementInputs` named. */
function restatementsTargetSelect(run: NightRun, columns: StageColumns): string {
  const { tonight, baseline } = run.tables;
  const { runId, asOf, baselineRunId } = run.manifest;
  const night = { runId, asOf };
  if (baseline === null || baselineRunId === null) return noRestatements(night);
  const columnsOf = (table: string): ReadonlyMap<string, string> => {
    const found = columns.get(table);
    if (!found) throw new RunStateError(`${RESTATEMENTS} of run ${runId}: the columns of ${table} were not read`);
    return found;
  };
  if (sameInputs(runId, baselineRunId) && columnsOf(baseline(RESTATEMENTS)).size > 0) {
    return republishedSelect(baseline(RESTATEMENTS), night);
  }
  return restatementsSelect(
    restatedKeys(run.models).map(({ name, key }) => ({
      name,
      key,
      built: columnsOf(tonight(name)),
      previous: columnsOf(baseline(name)),
    })),
    { built: tonight, previous: baseline },
    night,
  );
}

export { restatementInputs, restatementsTargetSelect };
export type { StageColumns };
