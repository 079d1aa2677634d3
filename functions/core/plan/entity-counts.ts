/**
 * Rows read, accepted and rejected per contract entity, summed over the
 * night's files: what the summary prints, what the reject-share and
 * row-count gates judge, and what the run history keeps.
 */
import { entities } from '../contract/entities.js';
import type { FileOutcome } from '../exports/file-outcome.js';

interface EntityCounts {
  readonly entity: string;
  readonly files: number;
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
}

/** The row counts the reject-share and row-count gates judge. */
type LandedCounts = Omit<EntityCounts, 'files'>;

/** One row per contract entity, in contract order, zeros when not exported. */
function entityCounts(outcomes: readonly FileOutcome[]): EntityCounts[] {
  return entities.map((e) => {
    const mine = outcomes.filter((o) => o.entity === e.name);
    const sum = (pick: (o: FileOutcome) => number): number =>
      mine.reduce((total, o) => total + pick(o), 0);
    return {
      entity: e.name,
      files: mine.length,
      rowsRead: sum((o) => o.rowsRead),
      rowsAccepted: sum((o) => o.rowsAccepted),
      rowsRejected: sum((o) => o.rowsRejected),
    };
  });
}

export { entityCounts };
export type { EntityCounts, LandedCounts };
