/**
 * One conversation with Athena per statement: start it, wait for it, and
 * say exactly why it did not succeed. Used through AthenaEngine by tooling,
 * tests and the report step (a handful of small reads of published
 * tables); the nightly builds run on Athena from the state machine itself
 * (startQueryExecution.sync), so no Lambda waits on a build.
 *
 * - Throttling (and 5xx) on any call is retried with exponential backoff
 *   and full jitter; StartQueryExecution carries one ClientRequestToken
 *   across its retries, so a retried start never runs a query twice.
 * - Waiting polls with capped exponential backoff and jitter through
 *   QUEUED and RUNNING.
 * - FAILED and CANCELLED raise QueryFailedError with the label (the model),
 *   Athena's StateChangeReason and the query id.
 * - An AbortSignal (or a wait longer than `maxWaitMs`) stops the query with
 *   StopQueryExecution before raising.
 * Time and randomness are injected, so tests run without real timers.
 */
import { randomUUID } from 'node:crypto';
import type {
  GetQueryExecutionInput,
  GetQueryExecutionOutput,
  GetQueryResultsInput,
  GetQueryResultsOutput,
  StartQueryExecutionInput,
  StartQueryExecutionOutput,
  StopQueryExecutionInput,
} from '@aws-sdk/client-athena';
import { QueryFailedError } from '../errors.js';

/** The four Athena calls the runner makes; a fake implements them in tests. */
interface AthenaApi {
  startQueryExecution(input: StartQueryExecutionInput): Promise<StartQueryExecutionOutput>;
  getQueryExecution(input: GetQueryExecutionInput): Promise<GetQueryExecutionOutput>;
  getQueryResults(input: GetQueryResultsInput): Promise<GetQueryResultsOutput>;
  stopQueryExecution(input: StopQueryExecutionInput): Promise<unknown>;
}

/** Waits `ms`; resolves early (not rejects) when `signal` aborts. */
type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

interface QueryRunnerOptions {
  readonly api: AthenaApi;
  readonly workGroup: string;
  /** Default database of unqualified names. */
  readonly database?: string;
  /** Result location; pass it even when the workgroup enforces one. */
  readonly outputLocation?: string;
  /** @default setTimeout */
  readonly sleep?: Sleep;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default randomUUID */
  readonly newToken?: () => string;
  /** Cancels waiting queries (StopQueryExecution) when aborted. */
  readonly signal?: AbortSignal;
  /** First poll delay; doubles up to `maxPollMs`. @default 500 */
  readonly firstPollMs?: number;
  /** @default 10000 */
  readonly maxPollMs?: number;
  /** Attempts per call when throttled. @default 8 */
  readonly maxAttempts?: number;
  /** Backoff base and cap for throttling retries. @default 200, 20000 */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Gives up (and stops the query) after this much waiting. @default 6 hours */
  readonly maxWaitMs?: number;
}

/** A query that SUCCEEDED, with what it cost. */
interface QueryOutcome {
  readonly queryExecutionId: string;
  readonly statementType: string;
  readonly dataScannedInBytes: number;
  readonly engineExecutionTimeInMillis: number;
}

const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Throttling or a server-side error: worth another try. */
function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  return (
    e.name === 'TooManyRequestsException' ||
    e.name === 'ThrottlingException' ||
    e.$retryable !== undefined ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500
  );
}

class AthenaQueryRunner {
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly newToken: () => string;

  constructor(private readonly options: QueryRunnerOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.newToken = options.newToken ?? randomUUID;
  }

  /** An Athena call, retried on throttling with full-jitter backoff. */
  async call<T>(what: () => Promise<T>): Promise<T> {
    const attempts = this.options.maxAttempts ?? 8;
    const base = this.options.retryBaseMs ?? 200;
    const cap = this.options.retryMaxMs ?? 20_000;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await what();
      } catch (error) {
        if (attempt >= attempts || !isRetryable(error)) throw error;
        await this.sleep(this.random() * Math.min(cap, base * 2 ** (attempt - 1)));
      }
    }
  }

  /** Starts a statement and waits for it; throws QueryFailedError unless it succeeds. */
  async run(sql: string, label: string): Promise<QueryOutcome> {
    const { signal } = this.options;
    if (signal?.aborted) throw new QueryFailedError(label, '(not started)', 'CANCELLED', 'cancelled before it started');
    const token = this.newToken();
    const started = await this.call(() =>
      this.options.api.startQueryExecution({
        QueryString: sql,
        ClientRequestToken: token,
        WorkGroup: this.options.workGroup,
        ...(this.options.database ? { QueryExecutionContext: { Database: this.options.database } } : {}),
        ...(this.options.outputLocation
          ? { ResultConfiguration: { OutputLocation: this.options.outputLocation } }
          : {}),
      }),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new QueryFailedError(label, '(none)', 'FAILED', 'StartQueryExecution returned no query id');
    return this.wait(id, label);
  }

  private async wait(id: string, label: string): Promise<QueryOutcome> {
    const { signal } = this.options;
    const first = this.options.firstPollMs ?? 500;
    const cap = this.options.maxPollMs ?? 10_000;
    const maxWait = this.options.maxWaitMs ?? 6 * 3_600_000;
    let waited = 0;
    for (let poll = 0; ; poll += 1) {
      const out = await this.call(() => this.options.api.getQueryExecution({ QueryExecutionId: id }));
      const execution = out.QueryExecution;
      const state = execution?.Status?.State ?? 'UNKNOWN';
      if (state === 'SUCCEEDED') {
        return {
          queryExecutionId: id,
          statementType: execution?.StatementType ?? 'UNKNOWN',
          dataScannedInBytes: execution?.Statistics?.DataScannedInBytes ?? 0,
          engineExecutionTimeInMillis: execution?.Statistics?.EngineExecutionTimeInMillis ?? 0,
        };
      }
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason =
          execution?.Status?.StateChangeReason ??
          execution?.Status?.AthenaError?.ErrorMessage ??
          'Athena gave no reason';
        throw new QueryFailedError(label, id, state, reason);
      }
      if (signal?.aborted) await this.stop(id, label, 'cancelled by the caller');
      if (waited >= maxWait) await this.stop(id, label, `still ${state} after ${maxWait} ms of waiting`);
      // Equal jitter: at least half the backoff, so polls never bunch up at 0.
      const backoff = Math.min(cap, first * 2 ** poll);
      const delay = backoff / 2 + (this.random() * backoff) / 2;
      waited += delay;
      await this.sleep(delay, signal);
    }
  }

  private async stop(id: string, label: string, why: string): Promise<never> {
    await this.call(() => this.options.api.stopQueryExecution({ QueryExecutionId: id }));
    throw new QueryFailedError(label, id, 'CANCELLED', why);
  }
}

export { AthenaQueryRunner };
export type { AthenaApi, QueryOutcome, QueryRunnerOptions, Sleep };
