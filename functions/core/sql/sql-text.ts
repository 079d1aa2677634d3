/**
 * Quoting helpers for the SQL the engine layer writes itself (landing and
 * DDL). Models never use these: their values arrive through typed vars.
 */

/** A SQL string literal; doubles embedded quotes. */
function sqlString(value: string): string {
  if (value.includes('\u0000')) throw new TypeError('NUL in SQL string');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A double-quoted identifier; doubles embedded quotes. */
function sqlIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new TypeError('NUL in SQL identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

export { sqlIdentifier, sqlString };
