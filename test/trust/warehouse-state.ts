/**
 * What a reader of a local warehouse sees: every published DuckDB table and
 * every Parquet file, as sorted rows. Read from a copy, so a warehouse a
 * crash left behind stays exactly as it was for the next run.
 * Values are compared exactly, DOUBLEs included: the models sum fractional
 * figures with {{ exact_sum }}, so parallel aggregation order cannot move a
 * published value.
 */
import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import type { Row } from '../../functions/core/engine/engine.js';

interface WarehouseState {
  readonly tables: Record<string, Row[]>;
  readonly parquet: Record<string, Row[]>;
}

/** A row as text (Parquet keeps HUGEINT as integers, DuckDB as bigint). */
function comparable(row: Row): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      v === null ? null : String(v),
    ]),
  );
}

/** Every table's rows in comparable form. */
function comparableTables(tables: Record<string, Row[]>): Record<string, Record<string, string | null>[]> {
  return Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, rows.map(comparable)]));
}

async function readWarehouse(warehouseDir: string, scratch: string): Promise<WarehouseState> {
  await rm(scratch, { recursive: true, force: true });
  await cp(warehouseDir, scratch, { recursive: true });
  const engine = await DuckDbEngine.open(join(scratch, 'warehouse.duckdb'));
  try {
    const tables: Record<string, Row[]> = {};
    const names = await engine.query(
      "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY 1",
    );
    for (const { table_name: name } of names) {
      tables[String(name)] = await engine.query(`SELECT * FROM main.${String(name)} ORDER BY ALL`);
    }
    const parquet: Record<string, Row[]> = {};
    const files = await readdir(join(scratch, 'parquet')).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith('.parquet')).sort()) {
      parquet[file.replace(/\.parquet$/, '')] = await engine.query(
        `SELECT * FROM read_parquet('${join(scratch, 'parquet', file)}') ORDER BY ALL`,
      );
    }
    return { tables, parquet };
  } finally {
    await engine.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

export { comparableTables, readWarehouse };
export type { WarehouseState };
