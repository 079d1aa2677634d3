/**
 * Turns one benchmark run into a section of docs/benchmarks.md. Runs are
 * kept newest first, so the file is the history of the measurements.
 */

interface BenchmarkRecord {
  readonly date: string;
  readonly customers: number;
  readonly machine: string;
  readonly generateSeconds: number;
  readonly files: number;
  readonly bytes: number;
  readonly orders: number;
  /**
   * The floor measured just before and just after the pipeline: this
   * machine's speed drifts by up to 1.7x within minutes, so the ratio is
   * taken against their mean.
   */
  readonly floorSeconds: readonly [before: number, after: number];
  readonly floorRows: number;
  /** CPU time (user + system, all threads) of the floor before and after. */
  readonly floorCpuSeconds: readonly [before: number, after: number];
  /**
   * Landing's first step alone, measured once: every CSV loaded into a
   * table as text, whose row positions number the records. No night can
   * land its exports in less.
   */
  readonly textLoadSeconds: number;
  readonly textLoadCpuSeconds: number;
  readonly pipelineSeconds: number;
  /** CPU time (user + system, all threads) of the pipeline process. */
  readonly pipelineCpuSeconds: number;
  /** Cores of the machine: how busy the pipeline kept them. */
  readonly cores: number;
  readonly peakRssMiB: number;
  readonly stageSeconds: Readonly<Record<string, number>>;
  readonly slowestModels: readonly { name: string; seconds: number; rows: number }[];
  /** Build time of the five core tables and the models they read. */
  readonly coreModelSeconds: number;
  /** Build time of every other model (the rest of the catalogue). */
  readonly otherModelSeconds: number;
  /** The same night on Trino (the Athena night), run right after DuckDB's. */
  readonly trino?: {
    readonly seconds: number;
    readonly stageSeconds: Readonly<Record<string, number>>;
    readonly statements: number;
    readonly bytesRead: number;
    readonly slowestTargets: readonly { name: string; seconds: number; bytes: number }[];
  };
}

const MARKER = '<!-- runs: newest first -->';

const s = (seconds: number): string => `${seconds.toFixed(1)} s`;

function section(r: BenchmarkRecord): string {
  const [before, after] = r.floorSeconds;
  const floor = (before + after) / 2;
  const ratio = r.pipelineSeconds / floor;
  const floorCpu = (r.floorCpuSeconds[0] + r.floorCpuSeconds[1]) / 2;
  const busy = r.pipelineCpuSeconds / (r.pipelineSeconds * r.cores);
  return [
    `### ${r.date}: ${r.customers.toLocaleString('en-US')} customers`,
    '',
    `Machine: ${r.machine}. Input: ${r.files} files, ${(r.bytes / 2 ** 20).toFixed(0)} MiB, ` +
      `${r.orders.toLocaleString('en-US')} orders (generated in ${s(r.generateSeconds)}).`,
    '',
    '| measure | value |',
    '|---|---|',
    `| floor: DuckDB reads every CSV field once (${r.floorRows.toLocaleString('en-US')} rows), ` +
      `mean of before and after the pipeline | ${s(floor)} (${s(before)}, ${s(after)}) |`,
    `| whole pipeline (land, transform, gates, publish, Parquet) | ${s(r.pipelineSeconds)} |`,
    `| pipeline / floor | ${ratio.toFixed(1)}x (target <= 5x) |`,
    `| text load: landing's first step alone (every CSV loaded into a table as text, ` +
      `rows numbered by position), and its CPU time | ${s(r.textLoadSeconds)} ` +
      `(${(r.textLoadSeconds / floor).toFixed(1)}x the floor), ` +
      `${s(r.textLoadCpuSeconds)} (${(r.textLoadCpuSeconds / floorCpu).toFixed(1)}x) |`,
    `| CPU time (user + system, all threads): pipeline, floor (mean) | ` +
      `${s(r.pipelineCpuSeconds)}, ${s(floorCpu)}: ${(r.pipelineCpuSeconds / floorCpu).toFixed(1)}x |`,
    `| cores kept busy by the pipeline (CPU time / wall time / ${r.cores} cores) | ` +
      `${(busy * 100).toFixed(0)}% |`,
    `| peak RSS of the pipeline process | ${r.peakRssMiB.toFixed(0)} MiB (target <= 2048) |`,
    `| building the five core tables and what they read | ${s(r.coreModelSeconds)} |`,
    `| building the rest of the catalogue | ${s(r.otherModelSeconds)} |`,
    '',
    '| stage | seconds |',
    '|---|---|',
    ...Object.entries(r.stageSeconds).map(([stage, sec]) => `| ${stage} | ${sec.toFixed(1)} |`),
    '',
    '| slowest models | seconds | rows |',
    '|---|---|---|',
    ...r.slowestModels.map((m) => `| ${m.name} | ${m.seconds.toFixed(1)} | ${m.rows.toLocaleString('en-US')} |`),
    '',
    ...(r.trino ? trinoSection(r.trino, r.pipelineSeconds) : []),
  ].join('\n');
}

function trinoSection(t: NonNullable<BenchmarkRecord['trino']>, duckDbSeconds: number): string[] {
  return [
    `The same night on Trino (the Athena night: ${t.statements} statements, ` +
      `${(t.bytesRead / 2 ** 20).toFixed(0)} MiB read), right after DuckDB's: ` +
      `${s(t.seconds)}, ${(t.seconds / duckDbSeconds).toFixed(1)}x DuckDB's whole pipeline.`,
    '',
    '| Trino stage | seconds |',
    '|---|---|',
    ...Object.entries(t.stageSeconds).map(([stage, sec]) => `| ${stage} | ${sec.toFixed(1)} |`),
    '',
    '| slowest Trino targets | seconds | MiB read |',
    '|---|---|---|',
    ...t.slowestTargets.map((x) => `| ${x.name} | ${x.seconds.toFixed(1)} | ${(x.bytes / 2 ** 20).toFixed(1)} |`),
    '',
  ];
}

/** Inserts the run at the top of the recorded runs, keeping the prose above. */
function formatBenchmark(previous: string, record: BenchmarkRecord): string {
  const head = previous.includes(MARKER)
    ? previous.slice(0, previous.indexOf(MARKER))
    : '# Benchmarks\n\nRecorded by `npm run bench`. Analysis is written above the runs by hand.\n\n';
  const runs = previous.includes(MARKER)
    ? previous.slice(previous.indexOf(MARKER) + MARKER.length).trimStart()
    : '';
  return `${head}${MARKER}\n\n${section(record)}\n${runs}`;
}

export { formatBenchmark };
export type { BenchmarkRecord };
