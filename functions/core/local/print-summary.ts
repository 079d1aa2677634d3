/**
 * The run summary a person reads after `npm start`: rows per entity, the
 * most frequent reject reasons, rows per published table, time per stage, whole-file problems, and where the
 * outputs are.
 */
import type { RejectReason } from '../duckdb/night/reject-reasons.js';
import type { LocalRunResult } from './run-local.js';

/** Columns padded to their widest cell: the first left-aligned, the rest right. */
function table(headers: readonly string[], rows: readonly (string | number)[][]): string {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(cells[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** How many reasons per entity the summary shows. */
const TOP_REASONS = 3;

/** Per entity with rejects, its most frequent reasons. */
function rejectReasonLines(reasons: readonly RejectReason[]): string {
  const entities = [...new Set(reasons.map((r) => r.entity))];
  const lines = entities.flatMap((entity) => {
    const mine = reasons.filter((r) => r.entity === entity);
    const more = mine.length - TOP_REASONS;
    return [
      `  ${entity}:`,
      ...mine.slice(0, TOP_REASONS).map((r) => `    ${r.rows} x ${r.column}: ${r.reason}`),
      ...(more > 0 ? [`    and ${more} other reason${more === 1 ? '' : 's'}`] : []),
    ];
  });
  return `Why rows were rejected (every row with its line in table pipeline_rejects):\n${lines.join('\n')}`;
}

/** Renders the summary as plain text. */
function formatSummary(result: LocalRunResult): string {
  const sections: string[] = [];
  sections.push(`Run ${result.runId} (export date ${result.asOf})`);
  sections.push(
    table(
      ['entity', 'files', 'read', 'accepted', 'rejected'],
      result.entities.map((e) => [e.entity, e.files, e.rowsRead, e.rowsAccepted, e.rowsRejected]),
    ),
  );
  if (result.rejectReasons.length > 0) sections.push(rejectReasonLines(result.rejectReasons));
  const problems = result.files.filter((f) => f.problem);
  if (problems.length > 0) {
    sections.push(
      'Files with problems:\n' +
        problems.map((f) => `  ${f.file}: ${f.problem}. Fix: ${f.fix}`).join('\n'),
    );
  }
  const drift = result.files.filter((f) => f.unknownColumns.length > 0);
  if (drift.length > 0) {
    sections.push(
      'Extra columns ignored (kept in the raw export):\n' +
        drift.map((f) => `  ${f.file}: ${f.unknownColumns.join(', ')}`).join('\n'),
    );
  }
  if (result.unknownFolders.length > 0) {
    sections.push(`Not in the contract layout, so not read: ${result.unknownFolders.join(', ')}`);
  }
  const byName = [...result.published].sort((a, b) => a.name.localeCompare(b.name));
  sections.push(table(['published table', 'rows'], byName.map((p) => [p.name, p.rows])));
  if (result.missingInputs.length > 0) {
    sections.push(
      'KPIs published without some of their input (empty, or those figures NULL):\n' +
        result.missingInputs
          .map((m) => `  ${m.table} (${m.rows} rows): no ${m.entities.join(', ')} exported`)
          .join('\n'),
    );
  }
  sections.push(
    table(
      ['stage', 'seconds'],
      Object.entries(result.stageSeconds).map(([stage, s]) => [stage, s.toFixed(2)]),
    ),
  );
  const gates = result.gates.filter((g) => g.passed).length;
  sections.push(`Quality gates: ${gates}/${result.gates.length} passed`);
  const warnings = result.gates.filter((g) => g.severity === 'warning' && g.violations > 0);
  if (warnings.length > 0) {
    sections.push(
      'Warnings (published anyway; table pipeline_gate_log):\n' +
        warnings.map((g) => `  ${g.gate}: ${g.detail}`).join('\n'),
    );
  }
  sections.push(
    `Outputs:\n  database: ${result.databasePath}\n  parquet:  ${result.parquetDir}/<table>.parquet\n` +
      `  rejects:  table pipeline_rejects (file, line, column, reason, raw)\n` +
      (result.report.status === 'written'
        ? `  report:   ${result.report.htmlPath} (also latest.html; its rows as CSV in ${result.report.csvDir}/)`
        : `  report:   not written: ${result.report.reason}`),
  );
  return sections.join('\n\n');
}

export { formatSummary, table as textTable };
