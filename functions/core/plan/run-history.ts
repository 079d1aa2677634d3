/**
 * `pipeline_run_history`: one row per published night and contract entity,
 * with its files and rows read, accepted and rejected. It is the memory the
 * row-count gate compares against (plan/gates.ts). Each night builds the
 * history as it will stand once the night publishes: the baseline's rows
 * of other inputs, plus tonight's, numbered after them (a rerun of the
 * same inputs keeps its number). A night that fails its gates publishes no
 * history, so it never becomes a baseline.
 */
import { entityNames } from '../contract/entities.js';
import { sqlString } from '../sql/sql-text.js';
import type { NightRun } from './targets.js';

const RUN_HISTORY = 'pipeline_run_history';

/** The part of a run id naming its inputs: Athena's attempt suffix `_<n>` left off. */
const inputsKey = (runId: string): string => runId.replace(/_\d+$/, '');

/** inputsKey in SQL, for a run-id column. */
const inputsKeySql = (column: string): string => `regexp_replace(${column}, '_[0-9]+$', '')`;

const HISTORY_COLUMNS = 'run_number, run_id, as_of, entity, files, rows_read, rows_accepted, rows_rejected';

/** The SELECT of tonight's history, from tonight's file log and the baseline's history. */
function runHistorySelect(run: NightRun): string {
  const { runId, asOf } = run.manifest;
  const { tonight, baseline } = run.tables;
  const others =
    baseline === null
      ? null
      : `SELECT ${HISTORY_COLUMNS} FROM ${baseline(RUN_HISTORY)} ` +
        `WHERE ${inputsKeySql('run_id')} <> ${sqlString(inputsKey(runId))}`;
  const number =
    others === null ? '(SELECT CAST(1 AS BIGINT) AS n)' : `(SELECT coalesce(max(run_number), 0) + 1 AS n FROM (${others}) AS o)`;
  const entityRows = entityNames.map((e) => `(CAST(${sqlString(e)} AS VARCHAR))`).join(', ');
  const tonightRows = `SELECT CAST(num.n AS BIGINT) AS run_number, CAST(${sqlString(runId)} AS VARCHAR) AS run_id,
        DATE ${sqlString(asOf)} AS as_of, e.entity,
        CAST(count(f.file) AS BIGINT) AS files,
        CAST(coalesce(sum(f.rows_read), 0) AS BIGINT) AS rows_read,
        CAST(coalesce(sum(f.rows_accepted), 0) AS BIGINT) AS rows_accepted,
        CAST(coalesce(sum(f.rows_rejected), 0) AS BIGINT) AS rows_rejected
    FROM (VALUES ${entityRows}) AS e(entity)
    CROSS JOIN ${number} AS num
    LEFT JOIN ${tonight('pipeline_file_log')} AS f ON f.entity = e.entity
    GROUP BY num.n, e.entity`;
  return `SELECT ${HISTORY_COLUMNS} FROM (
    ${[...(others === null ? [] : [others]), tonightRows].join('\n    UNION ALL\n    ')}
) AS history`;
}

export { inputsKey, inputsKeySql, RUN_HISTORY, runHistorySelect };
