/**
 * One measured step of `npm run bench`, in its own process so its peak RSS
 * is its own. Prints one JSON line.
 *
 *   bench-child.ts floor <csv files...>
 *   bench-child.ts text-load <spill dir> <csv files...>
 *   bench-child.ts pipeline <exports dir> <warehouse dir>
 */
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../core/config/pipeline-config.js';
import { DuckDbEngine } from '../core/duckdb/duckdb-engine.js';
import { csvLoadStatement, firstLineQuery } from '../core/duckdb/landing/file-readers.js';
import { splitHeaderLine } from '../core/exports/export-header.js';
import { sqlIdentifier, sqlString } from '../core/sql/sql-text.js';
import { DEFAULT_MEMORY_LIMIT, runLocal } from '../core/local/run-local.js';
import { loadModels } from '../core/models/model-graph.js';
import { freshTrinoLayout } from '../core/trino/run-trino.js';
import { DEMO_PII_KEY } from '../core/pii/pii-hash.js';
import { connectTrino } from '../core/trino/trino-connection.js';
import { runTrinoNight } from '../core/trino/trino-night.js';
import type { Model } from '../core/models/model-graph.js';
import { CORE_KPI_TABLES } from '../core/duckdb/night/published-tables.js';

/** The core tables and every model they read, directly or not. */
function coreModels(models: readonly Model[]): Set<string> {
  const byName = new Map(models.map((m) => [m.name, m]));
  const core = new Set<string>();
  const visit = (name: string): void => {
    if (core.has(name)) return;
    core.add(name);
    byName.get(name)?.refs.forEach(visit);
  };
  CORE_KPI_TABLES.forEach(visit);
  return core;
}

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

/** User plus system CPU time of this process so far, all threads (DuckDB's too). */
const cpuSeconds = (): number => {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
};

/** Times `work` over every file's header, in an engine of its own. */
async function timeFiles(
  files: readonly string[],
  engine: DuckDbEngine,
  work: (file: string, header: readonly string[]) => Promise<number>,
): Promise<object> {
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  let rows = 0;
  for (const file of files) {
    const [first] = await engine.query(firstLineQuery(file));
    rows += await work(file, splitHeaderLine(String(first?.line ?? '')));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStarted;
  await engine.close();
  return { seconds, cpuSeconds: cpu, rows, peakRssMiB: peakRssMiB() };
}

/** DuckDB parses every field of every file once, and does nothing else. */
async function floor(files: readonly string[]): Promise<object> {
  const engine = await DuckDbEngine.open(':memory:');
  return timeFiles(files, engine, async (file, header) => {
    const touched = header.map((h) => `sum(length(${sqlIdentifier(h)}))`).join(' + ');
    const [result] = await engine.query(
      `SELECT count(*) AS n, ${touched} AS chars FROM read_csv(${sqlString(file)}, ` +
        "delim = ',', quote = '\"', escape = '\"', header = true, all_varchar = true, " +
        'hive_partitioning = false, ignore_errors = true)',
    );
    return Number(result?.n ?? 0);
  });
}

/**
 * Landing's first step alone: every file loaded into a table as text, with
 * landing's own statement and memory limit. It is the least landing can do,
 * since the table's row positions are what give each record its number.
 */
async function textLoad(files: readonly string[], spill: string): Promise<object> {
  const engine = await DuckDbEngine.open(':memory:', {
    memoryLimit: DEFAULT_MEMORY_LIMIT,
    tempDirectory: spill,
  });
  return timeFiles(files, engine, async (file, header) => {
    await engine.execute(csvLoadStatement(file, header.length, 'text_rows', 'text_rejects'));
    const [result] = await engine.query('SELECT count(*) AS n FROM text_rows');
    await engine.execute('DROP TABLE text_rows');
    return Number(result?.n ?? 0);
  });
}

async function pipeline(exportsDir: string, warehouseDir: string): Promise<object> {
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  const result = await runLocal({
    exportsDir,
    warehouseDir,
    sqlDir: `${projectRoot}sql`,
    config: parseConfig({}),
    progress: {
      stage: (name) => process.stderr.write(`  == ${name}\n`),
      info: (message) => process.stderr.write(`     ${message}\n`),
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStarted;
  const core = coreModels(await loadModels(`${projectRoot}sql`));
  const sum = (inCore: boolean): number =>
    result.models
      .filter((m) => core.has(m.name) === inCore)
      .reduce((total, m) => total + m.seconds, 0);
  const slowestModels = [...result.models]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 8)
    .map((m) => ({ name: m.name, seconds: m.seconds, rows: m.rows }));
  return {
    seconds,
    cpuSeconds: cpu,
    stageSeconds: result.stageSeconds,
    slowestModels,
    coreModelSeconds: sum(true),
    otherModelSeconds: sum(false),
    peakRssMiB: peakRssMiB(),
  };
}

/** The same night on Trino (npm run trino:start), in a warehouse of its own. */
async function trinoNight(exportsDir: string): Promise<object> {
  const started = performance.now();
  const deps = connectTrino({});
  const night = await runTrinoNight(deps, {
    exportsDir,
    sqlDir: `${projectRoot}sql`,
    config: parseConfig({}),
    piiKey: DEMO_PII_KEY,
    ...freshTrinoLayout('bench'),
  });
  const seconds = (performance.now() - started) / 1000;
  const slowestTargets = [...night.builds]
    .sort((a, b) => b.engineExecutionTimeInMillis - a.engineExecutionTimeInMillis)
    .slice(0, 8)
    .map((b) => ({ name: b.model, seconds: b.engineExecutionTimeInMillis / 1000, bytes: b.dataScannedInBytes }));
  return {
    seconds,
    stageSeconds: night.stageSeconds,
    // every target's CTAS, then the gate query
    statements: night.builds.length + 1,
    bytesRead: night.builds.reduce((total, b) => total + b.dataScannedInBytes, 0),
    slowestTargets,
  };
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  const output =
    mode === 'floor'
      ? await floor(rest)
      : mode === 'text-load'
        ? await textLoad(rest.slice(1), rest[0] ?? '')
        : mode === 'trino'
          ? await trinoNight(rest[0] ?? '')
          : await pipeline(rest[0] ?? '', rest[1] ?? '');
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
