/**
 * The run summary a person reads after `npm start`: rows per entity, rows
 * per published table, time per stage, whole-file problems, and where the
 * outputs are.
 */
import type { LocalRunResult } from './run-local.js';

/** Columns padded to their widest cell: the first left-aligned, the rest right. */
function table(headers: readonly string[], rows: readonly (string | number)[][]): string {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(cells[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
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
  sections.push(table(['published table', 'rows'], result.published.map((p) => [p.name, p.rows])));
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
