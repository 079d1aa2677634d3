/**
 * The result of one quality gate, as the run log publishes it. An error
 * with violations stops the night before publishing; a warning is counted
 * and published but lets the night through (the exit-code policy).
 */

/** error: violations block publishing; warning: counted, never blocking. */
type GateSeverity = 'error' | 'warning';

interface GateResult {
  readonly gate: string;
  readonly severity: GateSeverity;
  readonly violations: number;
  readonly passed: boolean;
  readonly detail: string;
}

/** A gate passes when it has no violations or only warns. */
function gateResult(
  gate: string,
  violations: number,
  detail: string,
  severity: GateSeverity = 'error',
): GateResult {
  return { gate, severity, violations, passed: severity === 'warning' || violations === 0, detail };
}

/** A share as a percentage for people: 0.0123 -> `1.23%`. */
function percent(share: number): string {
  return `${(share * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

export { gateResult, percent };
export type { GateResult };
