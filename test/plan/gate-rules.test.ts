/**
 * The Athena gates judged by the DuckDB pipeline's rules: from the gate
 * query's measures, the reject share per entity (error above
 * maxRejectShare), the referential checks (warnings) and the row-count drop
 * against the previous published night (error unless forced) get the
 * severities and messages the DuckDB gates give.
 */
import { describe, expect, it } from 'vitest';
import { judgeGates } from '../../functions/core/plan/gate-rules.js';
import type { GatePolicy } from '../../functions/core/plan/gate-rules.js';
import type { GateRow } from '../../functions/core/plan/gates.js';

const policy: GatePolicy = { maxRejectShare: 0.05, maxRowCountDrop: 0.5, force: false };

function row(gate: string, violations: number, measures: Partial<GateRow> = {}): GateRow {
  return { gate, violations, detail: 'measured', rowsAccepted: null, rowsRejected: null, rowsMissing: null, ...measures };
}

const accounting = (entity: string, accepted: number, rejected: number): GateRow =>
  row(`row_accounting:${entity}`, 0, { rowsAccepted: accepted, rowsRejected: rejected });

const baseline = (entity: string, accepted: number | null): GateRow =>
  row(`row_count_drop:${entity}`, 0, { rowsAccepted: accepted });

const byGate = (rows: readonly GateRow[], p: GatePolicy = policy) =>
  new Map(judgeGates(rows, p, []).map((g) => [g.gate, g]));

describe('Function: judgeGates', () => {
  it('derives the reject share of each entity with rows: error above maxRejectShare, warning within', () => {
    // Prepare
    const rows = [accounting('orders', 90, 10), accounting('customers', 99, 1), accounting('leads', 0, 0)];

    // Act
    const gates = byGate(rows);

    // Assess
    expect(gates.get('reject_share:orders')).toEqual({
      gate: 'reject_share:orders',
      severity: 'error',
      violations: 10,
      passed: false,
      detail: '10 of 100 rows rejected (10%); more than maxRejectShare 5%',
      rowsAccepted: null,
      rowsRejected: null,
    });
    expect(gates.get('reject_share:customers')).toMatchObject({ severity: 'warning', passed: true, violations: 1 });
    expect(gates.has('reject_share:leads')).toBe(false);
    expect(gates.get('row_accounting:orders')).toMatchObject({ severity: 'error', passed: true, rowsAccepted: 90, rowsRejected: 10 });
  });

  it('judges a reference as a warning whatever it finds, with the DuckDB message', () => {
    // Prepare
    const rows = [row('references:stg_orders.customer_id', 2, { rowsMissing: 5 })];

    // Act
    const gate = byGate(rows).get('references:stg_orders.customer_id');

    // Assess
    expect(gate).toMatchObject({
      severity: 'warning',
      violations: 2,
      passed: true,
      detail:
        '5 rows name 2 customer_id values missing from stg_customers: each is an implied customer ' +
        '(int_customers.is_implied; channel unknown, segment unassigned)',
    });
  });

  it('fails a drop of accepted rows beyond maxRowCountDrop against the baseline, unless forced', () => {
    // Prepare
    const rows = [accounting('orders', 40, 0), accounting('customers', 100, 0), baseline('orders', 100), baseline('customers', 100)];

    // Act
    const strict = byGate(rows);
    const forced = byGate(rows, { ...policy, force: true });

    // Assess
    expect(strict.get('row_count_drop:orders')).toMatchObject({
      severity: 'error',
      violations: 1,
      passed: false,
      detail:
        '40 accepted rows, 100 the previous published night (down 60%); more than maxRowCountDrop 50%: ' +
        'check the export, or start the night again with the input {"force": true} if the drop is real',
    });
    expect(strict.get('row_count_drop:customers')).toMatchObject({ severity: 'error', violations: 0, passed: true });
    expect(forced.get('row_count_drop:orders')).toMatchObject({
      severity: 'warning',
      passed: true,
      detail: expect.stringMatching(/published because the run was forced$/),
    });
  });

  it('judges no drop without a baseline, or for an entity the baseline did not have', () => {
    // Prepare
    const first = [accounting('orders', 1, 0)];
    const later = [accounting('orders', 1, 0), baseline('orders', null), baseline('customers', 10)];

    // Act
    const none = [...byGate(first).keys()].filter((g) => g.startsWith('row_count_drop:'));
    const some = [...byGate(later).keys()].filter((g) => g.startsWith('row_count_drop:'));

    // Assess
    expect(none).toEqual([]);
    expect(some).toEqual(['row_count_drop:customers']);
  });

  it('fails any other gate with violations, as an error, and lists gates by name', () => {
    // Prepare
    const rows = [row('unique_key:stg_orders', 2), row('audit:audit_reconciliation_identity', 0)];

    // Act
    const gates = judgeGates(rows, policy, []);

    // Assess
    expect(gates.map((g) => [g.gate, g.severity, g.passed])).toEqual([
      ['audit:audit_reconciliation_identity', 'error', true],
      ['readable_files', 'error', true],
      ['unique_key:stg_orders', 'error', false],
      ['unsupported_files', 'warning', true],
    ]);
  });

  it('fails the night on an unreadable file of the manifest and warns on an unsupported one, as DuckDB does', () => {
    // Prepare: a gzip cut in half and a spreadsheet beside a good file.
    const files = [
      { file: 'orders/export_date=2025-03-31/orders.csv', status: 'ok' as const },
      {
        file: 'orders/export_date=2025-03-31/part-2.csv.gz',
        status: 'unreadable' as const,
        problem: 'the gzip file is cut off or corrupt (unexpected end of file)',
        fix: 're-export the file: it is incomplete, so some of its rows cannot be read',
      },
      { file: 'orders/export_date=2025-03-31/notes.xlsx', status: 'unsupported' as const, problem: 'not a CSV', fix: 'export as CSV' },
    ];

    // Act
    const gates = new Map(judgeGates([], policy, files).map((g) => [g.gate, g]));

    // Assess
    expect(gates.get('readable_files')).toMatchObject({
      severity: 'error',
      violations: 1,
      passed: false,
      detail:
        'orders/export_date=2025-03-31/part-2.csv.gz: the gzip file is cut off or corrupt (unexpected end of file). ' +
        'Fix: re-export the file: it is incomplete, so some of its rows cannot be read',
    });
    expect(gates.get('unsupported_files')).toMatchObject({ severity: 'warning', violations: 1, passed: true });
  });
});
