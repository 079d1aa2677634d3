import { describe, expect, it } from 'vitest';
import { ModelGraphError } from '../../functions/core/errors.js';
import { parseModelHeader } from '../../functions/core/models/model-header.js';

const header = `-- kpi_example: what it shows,
-- on two lines.
-- grain: one row per month
--   x channel
-- key: month, channel
-- columns:
--   month: first day of the month
--   rate: a / b, NULL when b is 0;
--     continued here
-- The identity a + b = c holds on every row.
select 1 as month
`;

describe('Function: parseModelHeader', () => {
  it('reads purpose, grain, key, columns and notes', () => {
    const parsed = parseModelHeader(header, 'kpi_example.sql');
    expect(parsed.purpose).toBe('what it shows, on two lines.');
    expect(parsed.grain).toBe('one row per month x channel');
    expect(parsed.key).toEqual(['month', 'channel']);
    expect([...parsed.columns]).toEqual([
      ['month', 'first day of the month'],
      ['rate', 'a / b, NULL when b is 0; continued here'],
    ]);
    expect(parsed.notes).toBe('The identity a + b = c holds on every row.');
  });

  it.each([
    ['-- x: y\n-- key: a\nselect 1', 'has no "grain:" line'],
    ['-- x: y\n-- grain: one row\nselect 1', 'has no "key:" line'],
  ])('rejects a header without grain or key', (sql, message) => {
    expect(() => parseModelHeader(sql, 'bad.sql')).toThrow(ModelGraphError);
    expect(() => parseModelHeader(sql, 'bad.sql')).toThrow(`bad.sql: header ${message}`);
  });
});
