/**
 * Runs `npm start`'s entry point as its own process (`node --import tsx
 * functions/cli/run-pipeline.ts`), the way a scheduler would, so the tests
 * see its real exit code, its output, and what a kill does to it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sqlDir } from '../helpers/run-fixture.js';

const projectRoot = join(sqlDir, '..');

/** A key for exports that are not the bundled demo. */
const TEST_PII_KEY = 'trust-tests-key-0123456789';

interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited and been reaped. */
  readonly done: Promise<CliResult>;
  /** Calls `listener` with every line the run writes to stderr. */
  onStderrLine(listener: (line: string) => void): void;
}

/** Starts the CLI with `args`; env adds to (or, with undefined, removes from) the test's. */
function startCli(args: readonly string[], env: Record<string, string | undefined> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/cli/run-pipeline.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, CRM_KPI_PII_KEY: TEST_PII_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let pending = '';
  const listeners: ((line: string) => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, onStderrLine: (listener) => listeners.push(listener) };
}

/** Runs the CLI to the end. */
function runCli(args: readonly string[], env?: Record<string, string | undefined>): Promise<CliResult> {
  return startCli(args, env).done;
}

export { runCli, startCli, TEST_PII_KEY };
export type { CliResult };
