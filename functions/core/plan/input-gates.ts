/**
 * The rules judging what landing made of the export files, on every engine
 * (plan/gate-rules.ts applies them to the gate query's measures): every
 * file readable, no more rejects than the configured share, and no entity
 * that shrank against the previous published night.
 */
import type { FileOutcome } from '../exports/file-outcome.js';
import type { LandedCounts } from './entity-counts.js';
import { gateResult, percent } from './gate-result.js';
import type { GateResult } from './gate-result.js';

/** What the night is judged against. */
interface InputPolicy {
  readonly maxRejectShare: number;
  readonly maxRowCountDrop: number;
  /** A forced run publishes despite a row-count drop (it is still logged). */
  readonly force: boolean;
  /** Accepted rows per entity of the previous published night; null: none. */
  readonly previous: ReadonlyMap<string, number> | null;
}

/** What the file gates need of a file: DuckDB's outcomes and Athena's manifest both have it. */
type FileGateInput = Pick<FileOutcome, 'file' | 'status' | 'problem' | 'fix'>;

const problemList = (files: readonly FileGateInput[]): string =>
  files.map((f) => `${f.file}: ${f.problem}. Fix: ${f.fix}`).join('; ');

/**
 * A file that could not be read has rows nobody counted, so the night
 * cannot say it lost none: it fails. Shared with the Athena gates, which
 * judge the manifest's files.
 */
function readableFilesGate(outcomes: readonly FileGateInput[]): GateResult {
  const unreadable = outcomes.filter((o) => o.status === 'unreadable');
  return gateResult(
    'readable_files',
    unreadable.length,
    unreadable.length === 0 ? 'every CSV and JSON Lines file could be read' : problemList(unreadable),
  );
}

/** Files that are no export format are skipped, and said so. */
function unsupportedFilesGate(outcomes: readonly FileGateInput[]): GateResult {
  const skipped = outcomes.filter((o) => o.status === 'unsupported');
  return gateResult(
    'unsupported_files',
    skipped.length,
    skipped.length === 0 ? 'no file in an unsupported format' : problemList(skipped),
    'warning',
  );
}

/**
 * Rejects within the share are warnings; above it the night fails. Shared
 * with the Athena gates (plan/gate-rules.ts).
 */
function rejectShareGates(
  counts: readonly LandedCounts[],
  policy: Pick<InputPolicy, 'maxRejectShare'>,
): GateResult[] {
  return counts
    .filter((c) => c.rowsRead > 0)
    .map((c) => {
      const share = c.rowsRejected / c.rowsRead;
      const over = share > policy.maxRejectShare;
      return gateResult(
        `reject_share:${c.entity}`,
        c.rowsRejected,
        `${c.rowsRejected} of ${c.rowsRead} rows rejected (${percent(share)}); ` +
          `${over ? 'more than' : 'within'} maxRejectShare ${percent(policy.maxRejectShare)}`,
        over ? 'error' : 'warning',
      );
    });
}

/**
 * Accepted rows per entity against the previous published night: a drop by
 * more than maxRowCountDrop fails the night unless it is forced. Shared
 * with the Athena gates, which force a night another way (`howToForce`).
 */
function rowCountDropGates(
  counts: readonly LandedCounts[],
  policy: Omit<InputPolicy, 'maxRejectShare'>,
  howToForce = 'rerun with --force',
): GateResult[] {
  const { previous } = policy;
  if (previous === null) return [];
  return [...previous]
    .filter(([, before]) => before > 0)
    .map(([entity, before]) => {
      const now = counts.find((c) => c.entity === entity)?.rowsAccepted ?? 0;
      const drop = (before - now) / before;
      const alarm = drop > policy.maxRowCountDrop;
      const verdict = !alarm
        ? `within maxRowCountDrop ${percent(policy.maxRowCountDrop)}`
        : policy.force
          ? `more than maxRowCountDrop ${percent(policy.maxRowCountDrop)}, published because the run was forced`
          : `more than maxRowCountDrop ${percent(policy.maxRowCountDrop)}: check the export, ` +
            `or ${howToForce} if the drop is real`;
      return gateResult(
        `row_count_drop:${entity}`,
        alarm ? 1 : 0,
        `${now} accepted rows, ${before} the previous published night ` +
          `(${drop > 0 ? `down ${percent(drop)}` : 'no drop'}); ${verdict}`,
        policy.force ? 'warning' : 'error',
      );
    });
}

export { readableFilesGate, rejectShareGates, rowCountDropGates, unsupportedFilesGate };
export type { FileGateInput, InputPolicy };
