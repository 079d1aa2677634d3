/**
 * Offline Trino grammar gate: without AWS access, the closest thing to asking
 * Athena "does this parse?" is dt-sql-parser's TrinoSQL (the Trino 450
 * grammar). It accepted every valid Trino statement tried and rejects most
 * DuckDB-only syntax; lint covers what it cannot see (lint.ts).
 *
 * dt-sql-parser's ESM build uses directory and extensionless imports, which
 * plain `node` refuses to load; vitest and tsx resolve them, so import this
 * module only from code run by those (tests, the tsx CLI), not from a
 * Lambda bundle.
 */
import { TrinoSQL } from 'dt-sql-parser';

/** A syntax error, 1-based line and column in the checked text. */
interface GrammarError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

let parser: TrinoSQL | undefined;

/** Syntax errors of the SQL under the Trino grammar; empty when it parses. */
function checkTrinoGrammar(sql: string): GrammarError[] {
  parser ??= new TrinoSQL();
  return parser.validate(sql).map((e) => ({
    line: e.startLine,
    column: e.startColumn,
    message: e.message,
  }));
}

export { checkTrinoGrammar };
export type { GrammarError };
