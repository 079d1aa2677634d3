import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderKpiReference, undocumentedColumns } from '../../functions/core/docs/kpi-reference.js';
import type { ColumnType } from '../../functions/core/docs/kpi-reference.js';
import { publishedSchemas } from '../../functions/core/local/published-schemas.js';
import { loadModels } from '../../functions/core/models/model-graph.js';
import type { Model } from '../../functions/core/models/model-graph.js';
import { sqlDir } from '../helpers/run-fixture.js';

const root = join(sqlDir, '..');

describe('docs/kpis.md', () => {
  let models: Model[];
  let schemas: Map<string, ColumnType[]>;
  beforeAll(async () => {
    models = await loadModels(sqlDir);
    schemas = await publishedSchemas(models, join(root, 'sample-exports'), sqlDir);
  });

  it('documents every published column in its model header', () => {
    const missing = models
      .filter((m) => m.layer === 'kpi')
      .flatMap((m) => undocumentedColumns(m, schemas.get(m.name) ?? []).map((c) => `${m.name}.${c}`));
    expect(missing).toEqual([]);
  });

  it('is current (regenerate with npm run docs)', async () => {
    const committed = await readFile(join(root, 'docs', 'kpis.md'), 'utf8');
    expect(committed).toBe(renderKpiReference(models, schemas));
  });
});
