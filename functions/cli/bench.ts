/**
 * `npm run bench -- --customers 1000000`: generates contract exports at
 * scale, measures the floor (DuckDB reading every CSV file once) before and
 * after the whole pipeline and the text load (landing's first step alone)
 * once, each in its own process so peak RSS is the pipeline's own, and
 * records the numbers in docs/benchmarks.md.
 *
 * Options: `npm run bench -- --help`. --trino also runs the same night on Trino (npm run trino:start first),
 * right after the DuckDB one, so the two are compared in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { generateExports } from '../core/demo/generate-exports.js';
import { formatBenchmark } from '../core/local/format-benchmark.js';
import type { BenchmarkRecord } from '../core/local/format-benchmark.js';
import { parseCommandLine } from './command-line.js';
import type { CommandSpec } from './command-line.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const childScript = join(projectRoot, 'functions', 'cli', 'bench-child.ts');

const argsSchema = z.object({
  customers: z.coerce.number().int().min(10).max(20_000_000).default(1_000_000),
  out: z.string().min(1).default(join(projectRoot, 'bench-out')),
  keep: z.boolean().default(false),
  'no-record': z.boolean().default(false),
  trino: z.boolean().default(false),
});

const command: CommandSpec<typeof argsSchema> = {
  command: 'npm run bench --',
  summary: 'Generates exports at scale, runs the whole night and records its costs in docs/benchmarks.md.',
  options: {
    customers: { type: 'string', value: '<N>', help: 'customers to generate, 10 to 20,000,000 (default: 1,000,000)' },
    out: { type: 'string', value: '<dir>', help: 'scratch folder, emptied first (default: bench-out)' },
    keep: { type: 'boolean', help: 'keep the generated exports and warehouse' },
    'no-record': { type: 'boolean', help: 'print the figures without adding them to docs/benchmarks.md' },
    trino: { type: 'boolean', help: 'also run the night on Trino (npm run trino:start first)' },
  },
  schema: argsSchema,
  footer: 'Exit codes:\n  0  measured (and recorded)\n  1  a step failed or an option is invalid',
};

/** Runs a bench child process and returns the JSON it prints last. */
function runChild(args: readonly string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: projectRoot,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`bench child ${args[0]} exited with ${code}`));
      else resolve(JSON.parse(last) as Record<string, unknown>);
    });
  });
}

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2), command);
  if (parsed.help) {
    process.stdout.write(parsed.text);
    return;
  }
  const { args } = parsed;
  const exportsDir = join(args.out, `exports-${args.customers}`);
  const warehouseDir = join(args.out, `warehouse-${args.customers}`);
  await rm(args.out, { recursive: true, force: true });
  await mkdir(args.out, { recursive: true });

  process.stderr.write(`generating exports for ${args.customers} customers...\n`);
  const started = performance.now();
  const generated = await generateExports({ outDir: exportsDir, customers: args.customers });
  const generateSeconds = (performance.now() - started) / 1000;
  const csvFiles = generated.files.filter((f) => /\.csv(\.gz)?$/.test(f.path));

  const measureFloor = async (when: string): Promise<Record<string, unknown>> => {
    process.stderr.write(`measuring the floor ${when} (DuckDB reads every CSV once)...\n`);
    return runChild(['floor', ...csvFiles.map((f) => f.path)]);
  };
  const floorBefore = await measureFloor('before');
  process.stderr.write('measuring the text load (landing\'s first step alone)...\n');
  const textLoad = await runChild([
    'text-load',
    join(args.out, 'spill'),
    ...csvFiles.map((f) => f.path),
  ]);
  process.stderr.write('running the pipeline...\n');
  const pipeline = await runChild(['pipeline', exportsDir, warehouseDir]);
  const floorAfter = await measureFloor('after');
  let trino: Record<string, unknown> | undefined;
  if (args.trino) {
    process.stderr.write('running the same night on Trino...\n');
    trino = await runChild(['trino', exportsDir]);
  }

  const record: BenchmarkRecord = {
    date: new Date().toISOString().slice(0, 10),
    customers: args.customers,
    machine: `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
    generateSeconds,
    files: generated.files.length,
    bytes: generated.files.reduce((total, f) => total + f.bytes, 0),
    orders: generated.files.filter((f) => f.entity === 'orders').reduce((t, f) => t + f.rows, 0),
    floorSeconds: [Number(floorBefore.seconds), Number(floorAfter.seconds)],
    floorRows: Number(floorBefore.rows),
    floorCpuSeconds: [Number(floorBefore.cpuSeconds), Number(floorAfter.cpuSeconds)],
    textLoadSeconds: Number(textLoad.seconds),
    textLoadCpuSeconds: Number(textLoad.cpuSeconds),
    pipelineSeconds: Number(pipeline.seconds),
    pipelineCpuSeconds: Number(pipeline.cpuSeconds),
    cores: cpus().length,
    peakRssMiB: Number(pipeline.peakRssMiB),
    stageSeconds: pipeline.stageSeconds as Record<string, number>,
    slowestModels: pipeline.slowestModels as { name: string; seconds: number; rows: number }[],
    coreModelSeconds: Number(pipeline.coreModelSeconds),
    otherModelSeconds: Number(pipeline.otherModelSeconds),
    ...(trino
      ? {
          trino: {
            seconds: Number(trino.seconds),
            stageSeconds: trino.stageSeconds as Record<string, number>,
            statements: Number(trino.statements),
            bytesRead: Number(trino.bytesRead),
            slowestTargets: trino.slowestTargets as { name: string; seconds: number; bytes: number }[],
          },
        }
      : {}),
  };
  process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  if (!args['no-record']) {
    const doc = join(projectRoot, 'docs', 'benchmarks.md');
    const previous = await readFile(doc, 'utf8').catch(() => '');
    await writeFile(doc, formatBenchmark(previous, record));
    process.stderr.write(`recorded in ${doc}\n`);
  }
  if (!args.keep) await rm(args.out, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
