/**
 * The macro cases DuckDB is checked against (test/core/sql/macro-cases.ts),
 * rendered in the Athena dialect and run on Trino: the answers the cases
 * state are Trino's own, observed rather than read from its documentation.
 * Needs a running Trino: npm run trino:start, then npm run test:trino.
 */
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../functions/core/sql/macros.js';
import { connectTrino } from '../../functions/core/trino/trino-connection.js';
import { MACRO_CASE_VARS, MACRO_CASES } from '../core/sql/macro-cases.js';

const { trino } = connectTrino({});

/** The expression's value as text (NULL as null) and its type, upper-cased as DuckDB names it. */
async function evaluate(template: string): Promise<{ value: string | null; type: string }> {
  const expr = renderTemplate(template, {
    dialect: 'athena',
    resolveRef: (n) => n,
    resolveSource: (e) => e,
    vars: MACRO_CASE_VARS,
  });
  const { rows } = await trino.run(`SELECT CAST(${expr} AS VARCHAR), typeof(${expr})`, template);
  const [value, type] = rows[0] ?? [];
  return { value: (value ?? null) as string | null, type: String(type).toUpperCase() };
}

describe.each([...new Set(MACRO_CASES.map((c) => c.group))])('on Trino: %s', (group) => {
  it.each(MACRO_CASES.filter((c) => c.group === group).map((c) => [c.template, c] as const))(
    '%s',
    async (template, { value, type, close }) => {
      const result = await evaluate(template);
      // Trino writes a DOUBLE as text in E notation (3.5E0): compare the numbers.
      if (close) expect(Number(result.value)).toBeCloseTo(Number(value), 12);
      else if (type === 'DOUBLE' && value !== null) expect(Number(result.value)).toBe(Number(value));
      else expect(result.value).toBe(value);
      if (type) expect(result.type).toBe(type);
    },
  );
});
