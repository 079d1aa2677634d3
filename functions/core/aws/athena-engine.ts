/**
 * Athena implementation of the engine seam. The nightly builds do not use
 * it: there Step Functions runs each rendered statement, so no Lambda waits
 * on a build. It serves tests and tooling (running models against a dev
 * account, smoke tests) and the report step, which reads the published KPI
 * tables with a handful of small queries. The DDL is CtasEngine's; this
 * module only says how a statement travels (StartQueryExecution, polling,
 * GetQueryResults) and stops what is still waiting on close.
 */
import { assertQuerySize } from '../plan/ctas.js';
import { AthenaQueryRunner } from './athena-query-runner.js';
import type { QueryOutcome, QueryRunnerOptions } from './athena-query-runner.js';
import { readAllRows } from './athena-results.js';
import { CtasEngine } from '../engine/ctas-engine.js';
import type { CtasEngineOptions, StatementSession } from '../engine/ctas-engine.js';
import type { Row } from '../engine/engine.js';

interface AthenaEngineOptions extends Omit<QueryRunnerOptions, 'signal'>, CtasEngineOptions {
  /** Called after every successful statement (bytes scanned per label). */
  readonly onQuery?: (label: string, outcome: QueryOutcome) => void;
}

class AthenaSession implements StatementSession {
  private readonly aborter = new AbortController();
  private readonly runner: AthenaQueryRunner;

  constructor(private readonly options: AthenaEngineOptions) {
    this.runner = new AthenaQueryRunner({ ...options, signal: this.aborter.signal });
  }

  private async run(sql: string, label: string): Promise<QueryOutcome> {
    const outcome = await this.runner.run(assertQuerySize(sql, label), label);
    this.options.onQuery?.(label, outcome);
    return outcome;
  }

  async execute(sql: string, label: string): Promise<void> {
    await this.run(sql, label);
  }

  async query(sql: string, label: string): Promise<Row[]> {
    const outcome = await this.run(sql, label);
    return readAllRows(
      (input) => this.runner.call(() => this.options.api.getQueryResults(input)),
      outcome.queryExecutionId,
      outcome.statementType === 'DML',
    );
  }

  /** Stops every query still being waited on. */
  async close(): Promise<void> {
    this.aborter.abort();
  }
}

class AthenaEngine extends CtasEngine {
  constructor(options: AthenaEngineOptions) {
    super(new AthenaSession(options), options);
  }
}

export { AthenaEngine };
export type { AthenaEngineOptions };
