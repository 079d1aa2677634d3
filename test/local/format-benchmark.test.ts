import { describe, expect, it } from 'vitest';
import { formatBenchmark } from '../../functions/core/local/format-benchmark.js';
import type { BenchmarkRecord } from '../../functions/core/local/format-benchmark.js';

const record: BenchmarkRecord = {
  date: '2026-11-30',
  customers: 1000,
  machine: '2 cores',
  generateSeconds: 1,
  files: 14,
  bytes: 2 ** 20,
  orders: 10_000,
  // mean 5.0 s: 60 s of pipeline is 12.0x the floor
  floorSeconds: [4, 6],
  floorRows: 21_000,
  // mean 9.0 s of CPU: 108 s of pipeline CPU is 12.0x; 108 / (60 s x 2 cores) = 90% busy
  floorCpuSeconds: [8, 10],
  // 12.5 s is 2.5x the 5.0 s floor; 18 s of CPU is 2.0x its 9.0 s
  textLoadSeconds: 12.5,
  textLoadCpuSeconds: 18,
  pipelineSeconds: 60,
  pipelineCpuSeconds: 108,
  cores: 2,
  peakRssMiB: 900,
  stageSeconds: { land: 20, transform: 40 },
  slowestModels: [{ name: 'stg_orders', seconds: 5, rows: 10_000 }],
  coreModelSeconds: 30,
  otherModelSeconds: 10,
};

describe('formatBenchmark', () => {
  it('divides the pipeline by the mean of the floors before and after it', () => {
    const doc = formatBenchmark('', record);
    expect(doc).toContain('| 5.0 s (4.0 s, 6.0 s) |');
    expect(doc).toContain('| pipeline / floor | 12.0x (target <= 5x) |');
  });

  it('says how much CPU the pipeline used against the floor, and how busy it kept the cores', () => {
    const doc = formatBenchmark('', record);
    expect(doc).toContain('| 108.0 s, 9.0 s: 12.0x |');
    expect(doc).toContain('/ 2 cores) | 90% |');
  });

  it('sets the text load (landing\'s first step alone) against the floor, in time and CPU', () => {
    const doc = formatBenchmark('', record);
    expect(doc).toContain('| 12.5 s (2.5x the floor), 18.0 s (2.0x) |');
  });

  it('sets the Trino night beside the DuckDB one when it ran', () => {
    // 150 s against DuckDB's 60 s is 2.5x; 3 MiB read in all
    const trino = {
      seconds: 150,
      stageSeconds: { land: 10, transform: 130 },
      statements: 63,
      bytesRead: 3 * 2 ** 20,
      slowestTargets: [{ name: 'stg_orders', seconds: 12, bytes: 2 ** 20 }],
    };
    const doc = formatBenchmark('', { ...record, trino });
    expect(doc).toContain('63 statements, 3 MiB read), right after DuckDB\'s: 150.0 s, 2.5x DuckDB\'s whole pipeline.');
    expect(doc).toContain('| stg_orders | 12.0 | 1.0 |');
    expect(formatBenchmark('', record)).not.toContain('Trino');
  });

  it('keeps the analysis above the runs and puts the newest run first', () => {
    const first = formatBenchmark('# Benchmarks\n\nAnalysis.\n\n', record);
    const second = formatBenchmark(first, { ...record, date: '2026-12-01' });
    expect(second.indexOf('Analysis.')).toBeLessThan(second.indexOf('### 2026-12-01'));
    expect(second.indexOf('### 2026-12-01')).toBeLessThan(second.indexOf('### 2026-11-30'));
  });
});
