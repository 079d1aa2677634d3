/**
 * Athena implementation of the engine seam. The nightly builds do not use
 * it: there Step Functions runs each rendered statement, so no Lambda waits
 * on a build. It serves tests and tooling (running models against a dev
 * account, smoke tests) and the report step, which reads the published KPI
 * tables with a handful of small queries. Both render through the same
 * modules.
 *
 * - materialize: drops the table's catalog entry and CTASes into a fresh
 *   folder (Athena never overwrites data and refuses a used location).
 * - publish: delegated to a publisher (the Glue pointer switch of
 *   aws/glue-publish.ts), which moves every published name at once.
 * - close: aborts whatever is still waiting, stopping its query.
 */
import { randomUUID } from 'node:crypto';
import { ModelFailedError, PipelineError, QueryFailedError } from '../errors.js';
import { assertQuerySize, ctasStatement } from './athena-ctas.js';
import { AthenaQueryRunner } from './athena-query-runner.js';
import type { QueryOutcome, QueryRunnerOptions } from './athena-query-runner.js';
import { readAllRows } from './athena-results.js';
import type { Engine, PublishItem, Row } from './engine.js';

interface AthenaEngineOptions extends Omit<QueryRunnerOptions, 'signal'> {
  /**
   * `s3://bucket/prefix/` under which materialized tables get fresh
   * folders; without one, materialize() throws (an engine that only reads).
   */
  readonly buildLocation?: string;
  /** Moves the published names; without one, publish() throws. */
  readonly publisher?: (items: readonly PublishItem[]) => Promise<void>;
  /** Called after every successful statement (bytes scanned per label). */
  readonly onQuery?: (label: string, outcome: QueryOutcome) => void;
  /** Unique folder name per build. @default randomUUID */
  readonly newBuildId?: () => string;
}

class AthenaEngine implements Engine {
  readonly dialect = 'athena' as const;
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

  async execute(sql: string): Promise<void> {
    await this.run(sql, 'statement');
  }

  async query(sql: string): Promise<Row[]> {
    const outcome = await this.run(sql, 'query');
    return readAllRows(
      (input) => this.runner.call(() => this.options.api.getQueryResults(input)),
      outcome.queryExecutionId,
      outcome.statementType === 'DML',
    );
  }

  /** CTAS into `<buildLocation><table>/<build id>/`; failures name the table. */
  async materialize(table: string, selectSql: string): Promise<void> {
    if (!this.options.buildLocation) {
      throw new PipelineError(`this AthenaEngine has no build location: it cannot build ${table}`);
    }
    const folder = table.replaceAll('.', '/');
    const location = `${this.options.buildLocation}${folder}/${(this.options.newBuildId ?? randomUUID)()}/`;
    try {
      await this.run(`DROP TABLE IF EXISTS ${table}`, table);
      await this.run(ctasStatement(table, location, selectSql), table);
    } catch (cause) {
      if (cause instanceof QueryFailedError) {
        throw new ModelFailedError(
          table,
          `Athena query ${cause.queryExecutionId} ${cause.state}: ${cause.reason}`,
          { cause },
        );
      }
      throw cause;
    }
  }

  async publish(items: readonly PublishItem[]): Promise<void> {
    if (!this.options.publisher) {
      throw new PipelineError('this AthenaEngine has no publisher (see aws/glue-publish.ts)');
    }
    await this.options.publisher(items);
  }

  /** Stops every query still being waited on. */
  async close(): Promise<void> {
    this.aborter.abort();
  }
}

export { AthenaEngine };
export type { AthenaEngineOptions };
