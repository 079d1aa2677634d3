/**
 * The Athena compatibility gate for every model in sql/: rendered for Athena it
 * must parse under the Trino grammar, the template must pass lint and have a
 * grain/key header, and it must render for DuckDB too. Models are globbed at
 * test time, so a new file is checked without touching this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { lintHeader, lintModelSql } from '../../functions/core/sql/lint.js';
import { renderTemplate } from '../../functions/core/sql/macros.js';
import type { Dialect } from '../../functions/core/sql/macros.js';
import { buildSqlVars } from '../../functions/core/sql/sql-vars.js';
import { checkTrinoGrammar } from '../../functions/core/sql/trino-grammar.js';

const root = join(import.meta.dirname, '..', '..');
const vars = buildSqlVars(parseConfig({}), '2026-11-01');

const render = (sql: string, file: string, dialect: Dialect): string =>
  renderTemplate(sql, {
    dialect,
    resolveRef: (n) => `crm_kpi.${n}`,
    resolveSource: (e) => `crm_raw.${e}`,
    vars,
    file,
  });

/** Every reason the model is not portable, as readable lines; empty when it is. */
function problems(sql: string, file: string): string[] {
  const found = [...lintHeader(sql, file), ...lintModelSql(sql, file)].map(
    (f) => `${f.file}:${f.line}:${f.column} [${f.rule}] ${f.message}`,
  );
  if (!/^[a-z_][a-z0-9_]*$/.test(basename(file, '.sql'))) {
    found.push(`${file}: the file name must be a model name usable in ref('…')`);
  }
  try {
    const athena = render(sql, file, 'athena');
    render(sql, file, 'duckdb');
    found.push(
      ...checkTrinoGrammar(athena).map(
        (e) => `${file} (rendered for Athena) ${e.line}:${e.column} [trino-grammar] ${e.message}`,
      ),
    );
  } catch (error) {
    found.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return found;
}

const models = readdirSync(join(root, 'sql'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.sql'))
  .map((f) => join('sql', f).split('\\').join('/'))
  .sort();

describe('SQL models are portable to Athena engine v3', () => {
  if (models.length) {
    it.each(models)('%s', (file) => {
      expect(problems(readFileSync(join(root, file), 'utf8'), file)).toEqual([]);
    });
  } else {
    it('has no model files under sql/ yet (nothing to check)', () => {
      expect(models).toEqual([]);
    });
  }

  it('rejects a non-portable model (self-check of this gate)', () => {
    const bad = `-- grain: one row per customer
SELECT customer_id, sum(amount) / count(*) AS avg_amount
FROM {{ ref('stg_orders') }}
GROUP BY ALL
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY customer_id) = 1`;
    const found = problems(bad, 'sql/kpi/kpi_bad.sql');
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('[header]'),
        expect.stringContaining('[raw-division]'),
        expect.stringContaining('[group-by-all]'),
        expect.stringContaining('[qualify]'),
        expect.stringContaining('[trino-grammar]'),
      ]),
    );
    expect(problems("-- grain: x\n-- key: y\nSELECT {{ nope(1) }}", 'sql/kpi/kpi_bad.sql')).toEqual([
      expect.stringContaining("unknown macro 'nope'"),
    ]);
  });
});
