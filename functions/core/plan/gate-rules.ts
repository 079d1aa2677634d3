/**
 * The verdicts of a night's gates, on every engine, by the rules of
 * gate-result.ts, input-gates.ts and referential-gates.ts. The
 * gate query (plan/gates.ts) measures; this module judges, and derives the
 * gates that need no query of their own: the file gates from the night's
 * files, the reject share per entity from the row accounting.
 */
import { gateResult } from './gate-result.js';
import type { GateResult } from './gate-result.js';
import type { LandedCounts } from './entity-counts.js';
import { readableFilesGate, rejectShareGates, rowCountDropGates, unsupportedFilesGate } from './input-gates.js';
import type { FileGateInput, InputPolicy } from './input-gates.js';
import { referenceGate, referenceNamed } from './referential-gates.js';
import { ROW_ACCOUNTING, ROW_COUNT_DROP } from './gates.js';
import type { GateRow } from './gates.js';

/** The night's thresholds and whether it was forced (from its manifest). */
type GatePolicy = Omit<InputPolicy, 'previous'>;

/** One gate's verdict; landing gates also carry the entity's row counts. */
interface JudgedGate extends GateResult {
  readonly rowsAccepted: number | null;
  readonly rowsRejected: number | null;
}

/** How a night is forced on AWS, for the row-count gate's advice. */
const FORCE_ON_AWS = 'start the night again with the input {"force": true}';

const entityOf = (row: GateRow, kind: string): string => row.gate.slice(kind.length);

const withoutCounts = (result: GateResult): JudgedGate => ({
  ...result,
  rowsAccepted: null,
  rowsRejected: null,
});

/** A measured gate: a referential warning, or an error on any violation. */
function measuredGate(row: GateRow): JudgedGate {
  const reference = referenceNamed(row.gate);
  if (reference) return withoutCounts(referenceGate(reference, row.rowsMissing ?? 0, row.violations));
  return {
    ...gateResult(row.gate, row.violations, row.detail),
    rowsAccepted: row.rowsAccepted,
    rowsRejected: row.rowsRejected,
  };
}

/** Every entity's landed rows, from the row-accounting gates. */
function landedCounts(rows: readonly GateRow[]): LandedCounts[] {
  return rows
    .filter((r) => r.gate.startsWith(ROW_ACCOUNTING))
    .map((r) => {
      const accepted = r.rowsAccepted ?? 0;
      const rejected = r.rowsRejected ?? 0;
      return {
        entity: entityOf(r, ROW_ACCOUNTING),
        rowsRead: accepted + rejected,
        rowsAccepted: accepted,
        rowsRejected: rejected,
      };
    });
}

/** The baseline's accepted rows per entity; null when there is no baseline. */
function previousCounts(rows: readonly GateRow[]): Map<string, number> | null {
  const measured = rows.filter((r) => r.gate.startsWith(ROW_COUNT_DROP) && r.rowsAccepted !== null);
  return measured.length === 0
    ? null
    : new Map(measured.map((r) => [entityOf(r, ROW_COUNT_DROP), r.rowsAccepted ?? 0]));
}

/**
 * Every gate of the night, judged, in gate-name order: the measured rows,
 * and the file gates judged from the manifest's files, as on DuckDB.
 */
function judgeGates(
  rows: readonly GateRow[],
  policy: GatePolicy,
  files: readonly FileGateInput[],
  howToForce: string = FORCE_ON_AWS,
): JudgedGate[] {
  const counts = landedCounts(rows);
  return [
    withoutCounts(readableFilesGate(files)),
    withoutCounts(unsupportedFilesGate(files)),
    ...rows.filter((r) => !r.gate.startsWith(ROW_COUNT_DROP)).map(measuredGate),
    ...rejectShareGates(counts, policy).map(withoutCounts),
    ...rowCountDropGates(counts, { ...policy, previous: previousCounts(rows) }, howToForce).map(
      withoutCounts,
    ),
  ].sort((a, b) => (a.gate < b.gate ? -1 : a.gate > b.gate ? 1 : 0));
}

export { judgeGates };
export type { JudgedGate, GatePolicy };
