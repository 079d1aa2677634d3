import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb/duckdb-engine.js';
import type { Model } from '../../../functions/core/models/model-graph.js';
import { keyViolations } from '../../../functions/core/pipeline/quality-gates.js';

/** A model keyed on (customer_id, month) whose table is `build.<name>`. */
function model(name: string): Model {
  return {
    name,
    layer: 'intermediate',
    file: `${name}.sql`,
    sql: '',
    header: { purpose: '', grain: '', key: ['customer_id', 'month'], columns: new Map(), notes: '' },
    refs: [],
    sources: [],
  };
}

describe('keyViolations', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open(':memory:');
    await engine.execute("ATTACH ':memory:' AS build");
    await engine.execute(`CREATE TABLE build.unique_keys AS SELECT * FROM (VALUES
      ('C1', DATE '2025-01-01'), ('C1', DATE '2025-02-01'), ('C2', DATE '2025-01-01'))
      AS t (customer_id, month)`);
    // C1/January twice (one repeated key), C2 without a month (one NULL key).
    await engine.execute(`CREATE TABLE build.broken_keys AS SELECT * FROM (VALUES
      ('C1', DATE '2025-01-01'), ('C1', DATE '2025-01-01'), ('C1', DATE '2025-02-01'),
      ('C2', NULL)) AS t (customer_id, month)`);
  });
  afterAll(() => engine.close());

  it('finds none when every key is unique and complete', async () => {
    expect(await keyViolations(engine, model('unique_keys'))).toBe(0);
  });

  it('counts each repeated key once and each row with a NULL in its key', async () => {
    expect(await keyViolations(engine, model('broken_keys'))).toBe(2);
  });
});
