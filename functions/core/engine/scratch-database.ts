/**
 * The night's scratch areas (`landing`, `build`) on DuckDB: an in-memory
 * database attached under that name, so `landing.orders` and `build.stg_orders`
 * resolve to it and scratch tables never touch the warehouse file. Only
 * published tables are written there. Writing scratch to the file cost about
 * a third of landing (docs/benchmarks.md); under the memory limit DuckDB
 * spills in-memory tables to its temp directory like any other data.
 */
import type { Engine } from './engine.js';

/** Replaces the scratch database `name` with an empty one. */
async function resetScratchDatabase(engine: Engine, name: string): Promise<void> {
  await engine.execute(`DETACH DATABASE IF EXISTS ${name}`);
  // Warehouses written before scratch databases held it as a schema.
  await engine.execute(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await engine.execute(`ATTACH ':memory:' AS ${name}`);
}

export { resetScratchDatabase };
