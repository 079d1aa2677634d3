/**
 * The macro cases DuckDB is checked against (test/sql/macro-cases.ts),
 * rendered in the Athena dialect and run on Trino: the answers the cases
 * state are Trino's own, observed rather than read from its documentation.
 * Needs a running Trino: npm run trino:start, then npm run test:trino.
 */
import { renderTemplate } from '../../functions/core/sql/macros.js';
import { connectTrino } from '../../functions/core/trino/trino-connection.js';
import { describeMacroCases, MACRO_CASE_VARS } from '../sql/macro-cases.js';

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

describeMacroCases('on Trino: ', evaluate);
