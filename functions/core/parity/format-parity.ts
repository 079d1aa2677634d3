/**
 * The parity gate's report: one summary line, `parity: T tables, R rows,
 * D differing values`, then per night the tables that differ with their
 * first differences (table, key, column, DuckDB's value, Trino's).
 */
import { knownEntry } from './known-differences.js';
import type { KnownDifference } from './known-differences.js';
import type { NightParity } from './parity-run.js';

/** Differences printed per table. */
const SHOWN = 10;

function formatParity(nights: readonly NightParity[]): { text: string; differing: boolean } {
  const tables = nights.flatMap((n) => n.tables);
  const rows = tables.reduce((sum, t) => sum + Math.max(t.rowsLeft, t.rowsRight), 0);
  const values = tables.reduce((sum, t) => sum + t.differingValues, 0);
  const unequal = nights.filter((n) => n.outcomes && n.outcomes.duckdb !== n.outcomes.trino);
  const lines = [`parity: ${tables.length} tables, ${rows} rows, ${values} differing values`];
  for (const night of nights) {
    if (night.outcomes) {
      const same = night.outcomes.duckdb === night.outcomes.trino;
      lines.push(`night ${night.exportDate}: ${same ? 'both stopped alike' : 'the engines ended differently'}`);
      lines.push(
        `  duckdb: ${night.outcomes.duckdb} ${night.messages?.duckdb ?? ''}`.trimEnd(),
        `  trino:  ${night.outcomes.trino} ${night.messages?.trino ?? ''}`.trimEnd(),
      );
    }
    for (const t of night.tables.filter((x) => x.differingValues > 0)) {
      lines.push(`night ${night.exportDate} ${t.table}: ${t.differingValues} differing values (rows ${t.rowsLeft} duckdb, ${t.rowsRight} trino)`);
      for (const d of t.differences.slice(0, SHOWN)) {
        lines.push(`  ${d.key} ${d.column}: duckdb ${d.left} | trino ${d.right}`);
      }
    }
  }
  const union = (pick: (n: NightParity) => readonly string[]): string =>
    [...new Set(nights.flatMap(pick))].sort().join(', ') || '-';
  lines.push(
    `not compared, one engine's own logs: duckdb ${union((n) => n.onlyDuckDb)}; trino ${union((n) => n.onlyTrino)}`,
    'not compared: pipeline_rejects.line (Athena numbers no CSV lines) and run_id',
  );
  return { text: lines.join('\n'), differing: values > 0 || unequal.length > 0 };
}

/**
 * A whole parity run: the cases not listed as known differences make the
 * summary line and fail the run when anything differs; the known ones are
 * reported below it, and fail the run only when they no longer differ.
 */
function formatParityRun(
  cases: readonly { readonly name: string; readonly nights: readonly NightParity[] }[],
  known: readonly KnownDifference[],
): { text: string; failed: boolean } {
  const listed = cases.filter((c) => knownEntry(known, c.name));
  const checked = formatParity(cases.filter((c) => !listed.includes(c)).flatMap((c) => c.nights));
  const lines = [checked.text];
  let stale = false;
  if (listed.length > 0) lines.push('', `known differences (${listed.length} cases, not counted above):`);
  for (const c of listed) {
    const report = formatParity(c.nights);
    const reason = knownEntry(known, c.name)?.reason ?? '';
    if (report.differing) {
      const differences = report.text.split('\n').slice(1).filter((l) => !l.startsWith('not compared'));
      lines.push(`- ${c.name}: still differs, as known: ${reason}`, ...differences.slice(0, 12).map((l) => `    ${l}`));
    } else {
      stale = true;
      lines.push(`- ${c.name}: no longer differs: remove it from the known differences`);
    }
  }
  return { text: lines.join('\n'), failed: checked.differing || stale };
}

export { formatParity, formatParityRun };
