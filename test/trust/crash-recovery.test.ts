/**
 * Crashes: `npm start` is killed (SIGKILL, no chance to clean up) at each
 * stage boundary, detected from its stderr progress lines. Afterwards the
 * previously published tables must be readable and unchanged (or, for a
 * kill inside the publish transaction, the complete new set: never a mix),
 * and the next run must complete without manual clean-up: it takes over the
 * stale lock, rebuilds the build schema and sweeps leftover `.tmp` Parquet
 * files.
 *
 * Night A publishes the demo generator's exports (400 customers) up to the
 * first export date; each crashing run is night B, the next export date,
 * started from a copy of warehouse A.
 */
import { cp, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExports } from '../../functions/core/demo/generate-exports.js';
import { runCli, startCli } from './cli-process.js';
import type { Row } from '../../functions/core/engine/engine.js';
import { comparableTables, readWarehouse } from './warehouse-state.js';
import type { WarehouseState } from './warehouse-state.js';

const FIRST_DATE = '2026-10-31';

/**
 * The run ids the published tables carry (pipeline_run_history keeps every
 * night's, so it is left out): one id means one complete night.
 */
function publishedRunIds(state: WarehouseState): string[] {
  const ids = new Set<string>();
  for (const [table, rows] of Object.entries(state.tables)) {
    if (table === 'pipeline_run_history') continue;
    for (const row of rows) if (typeof row.run_id === 'string') ids.add(row.run_id);
  }
  return [...ids].sort();
}

/** Parquet and DuckDB as text (Parquet stores HUGEINT sums as plain integers). */
const sameAsText = (parquet: Row[] | undefined, table: Row[] | undefined): boolean =>
  JSON.stringify(comparableTables({ t: parquet ?? [] })) ===
  JSON.stringify(comparableTables({ t: table ?? [] }));

interface CrashPoint {
  readonly name: string;
  /** The stderr line after which the process is killed. */
  readonly trigger: RegExp;
  /** What the published DuckDB tables must be right after the kill. */
  readonly published: 'previous' | 'previous-or-next' | 'next';
}

const CRASH_POINTS: readonly CrashPoint[] = [
  { name: 'after land', trigger: /== transform$/, published: 'previous' },
  { name: 'mid-transform', trigger: /\[10\/\d+\] /, published: 'previous' },
  // Inside one DuckDB transaction: the old set or the new set, nothing between.
  { name: 'during publish', trigger: /== publish$/, published: 'previous-or-next' },
  // DuckDB committed before the Parquet copies started.
  { name: 'during Parquet export', trigger: /== parquet$/, published: 'next' },
];

describe('Crash recovery (npm start killed at each stage)', () => {
  let workDir: string;
  let exportsDir: string;
  let warehouseA: string;
  let stateA: WarehouseState;
  let runA: string[];
  const outcomes: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-crash-'));
    exportsDir = join(workDir, 'exports');
    await generateExports({ outDir: exportsDir, customers: 400, months: 12, compress: true });
    warehouseA = join(workDir, 'warehouse-a');
    const first = await runCli(['--exports', exportsDir, '--warehouse', warehouseA, '--export-date', FIRST_DATE]);
    expect(first.code, first.stderr).toBe(0);
    stateA = await readWarehouse(warehouseA, join(workDir, 'scratch'));
    runA = publishedRunIds(stateA);
    expect(runA).toHaveLength(1);
  }, 120_000);
  afterAll(async () => {
    process.stdout.write(`crash points: ${outcomes.join('; ')}\n`);
    await rm(workDir, { recursive: true, force: true });
  });

  it.each(CRASH_POINTS)('recovers from a kill $name', async (point) => {
    // Prepare: a copy of warehouse A, then night B killed at the point.
    const warehouse = join(workDir, `warehouse-${point.name.replaceAll(' ', '-')}`);
    await cp(warehouseA, warehouse, { recursive: true });
    const crashing = startCli(['--exports', exportsDir, '--warehouse', warehouse]);
    let seen = false;
    crashing.onStderrLine((line) => {
      if (!seen && point.trigger.test(line)) {
        seen = true;
        crashing.child.kill('SIGKILL');
      }
    });
    // Act
    const crashed = await crashing.done;
    // Assess: it really died there, and left its lock behind.
    expect(seen, crashed.stderr).toBe(true);
    expect(crashed.signal).toBe('SIGKILL');
    expect((await stat(join(warehouse, '.lock'))).isFile()).toBe(true);
    // A leftover temporary Parquet file, as a kill inside COPY leaves one.
    await writeFile(join(warehouse, 'parquet', 'kpi_cohort_retention.parquet.tmp'), 'partial');
    const afterCrash = await readWarehouse(warehouse, join(workDir, 'scratch'));

    // Act: the next run, with no clean-up.
    const recovery = await runCli(['--exports', exportsDir, '--warehouse', warehouse]);
    // Assess: it completed, took over the lock, swept the .tmp file, and
    // published one complete night B, in DuckDB and as Parquet.
    expect(recovery.code, recovery.stderr).toBe(0);
    await expect(stat(join(warehouse, '.lock'))).rejects.toThrow();
    expect((await readdir(join(warehouse, 'parquet'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const recovered = await readWarehouse(warehouse, join(workDir, 'scratch'));
    const runB = publishedRunIds(recovered);
    expect(runB).toHaveLength(1);
    expect(runB).not.toEqual(runA);
    expect(Object.keys(recovered.tables)).toEqual(Object.keys(stateA.tables));
    for (const [table, rows] of Object.entries(recovered.tables)) {
      expect(sameAsText(recovered.parquet[table], rows), table).toBe(true);
    }

    // Assess: right after the kill, readers saw night A untouched, or (a
    // kill at or after the commit) all of night B: never a mix.
    const unchanged = JSON.stringify(afterCrash.tables) === JSON.stringify(stateA.tables);
    if (point.published === 'previous') expect(afterCrash.tables).toEqual(stateA.tables);
    if (point.published === 'next') expect(publishedRunIds(afterCrash)).toEqual(runB);
    expect(unchanged || publishedRunIds(afterCrash).join() === runB.join()).toBe(true);
    // Every Parquet file readable and a whole table: night A's file, or the
    // crashed run's table as it committed it.
    for (const [table, rows] of Object.entries(afterCrash.parquet)) {
      const whole =
        JSON.stringify(rows) === JSON.stringify(stateA.parquet[table]) ||
        sameAsText(rows, afterCrash.tables[table]);
      expect(whole, table).toBe(true);
    }
    outcomes.push(`${point.name}: ${unchanged ? 'night A unchanged' : 'night B complete'}, next run exit 0`);
  }, 120_000);

  it('refuses a second run while the first is running, and the first completes', async () => {
    // Prepare
    const warehouse = join(workDir, 'warehouse-concurrent');
    await cp(warehouseA, warehouse, { recursive: true });
    const first = startCli(['--exports', exportsDir, '--warehouse', warehouse]);
    const second = new Promise<Awaited<ReturnType<typeof runCli>>>((resolve) => {
      let started = false;
      first.onStderrLine((line) => {
        if (started || !/== transform$/.test(line)) return;
        started = true;
        // Act: a second run on the same warehouse while the first transforms.
        resolve(runCli(['--exports', exportsDir, '--warehouse', warehouse]));
      });
    });
    // Assess
    const refused = await second;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: another run \(pid \d+\) is using .*; wait for it to finish/);
    expect((await first.done).code).toBe(0);
  }, 120_000);
});
