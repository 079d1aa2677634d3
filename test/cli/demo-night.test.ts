import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { generateExports } from '../../functions/core/demo/generate-exports.js';
import type { GenerateResult } from '../../functions/core/demo/generate-exports.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import { runLocal } from '../../functions/core/local/run-local.js';
import type { LocalRunResult } from '../../functions/core/local/run-local.js';
import { CORE_KPI_TABLES } from '../../functions/core/duckdb/night/published-tables.js';
import { filesUnder } from '../helpers/parity-cases.js';
import { sqlDir } from '../helpers/run-fixture.js';

const sampleDir = join(sqlDir, '..', 'sample-exports');

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

describe('The demo night (npm start)', () => {
  let workDir: string;
  let generated: GenerateResult;
  let result: LocalRunResult;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-demo-'));
    generated = await generateExports({ outDir: join(workDir, 'exports'), customers: 3000 });
    result = await runLocal({
      exportsDir: sampleDir,
      warehouseDir: join(workDir, 'warehouse'),
      sqlDir,
      config: parseConfig({}),
    });
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('runs on bundled exports that the generator reproduces byte for byte', async () => {
    const committed = await filesUnder(sampleDir);
    expect(await filesUnder(join(workDir, 'exports'))).toEqual(committed);
    for (const file of committed) {
      expect(await sha256(join(workDir, 'exports', file)), file).toBe(
        await sha256(join(sampleDir, file)),
      );
    }
  });

  it('rejects exactly the deliberately bad rows, at their file and line', async () => {
    const engine = await DuckDbEngine.open(result.databasePath);
    try {
      const rejects = await engine.query(
        'SELECT file, line, "column" FROM main.pipeline_rejects ORDER BY file, line',
      );
      const expected = generated.badRows
        .map((b) => ({
          file: relative(join(workDir, 'exports'), b.path),
          line: String(b.line),
          column: b.column,
        }))
        .sort((a, b) => a.file.localeCompare(b.file) || Number(a.line) - Number(b.line));
      expect(rejects).toEqual(expected);
    } finally {
      await engine.close();
    }
  });

  it('publishes every core table non-empty, in DuckDB and as Parquet', async () => {
    for (const table of CORE_KPI_TABLES) {
      expect(result.published.find((p) => p.name === table)?.rows, table).toBeGreaterThan(0);
      expect((await stat(join(result.parquetDir, `${table}.parquet`))).size).toBeGreaterThan(0);
    }
  });

  it('accounts for every row read', () => {
    for (const entity of result.entities) {
      expect(entity.rowsRead, entity.entity).toBe(entity.rowsAccepted + entity.rowsRejected);
    }
    expect(result.entities.find((e) => e.entity === 'orders')?.rowsRejected).toBe(8);
    expect(result.gates.every((g) => g.passed)).toBe(true);
  });
});
