/**
 * A scripted Athena for the query runner's tests: each call pops the next
 * scripted answer (or error) for its operation and records what it was
 * asked, so a test can assert the whole conversation. A sleep that only
 * records its delays replaces real timers.
 */
import type {
  GetQueryExecutionInput,
  GetQueryExecutionOutput,
  GetQueryResultsInput,
  GetQueryResultsOutput,
  QueryExecutionState,
  StartQueryExecutionInput,
  StartQueryExecutionOutput,
  StopQueryExecutionInput,
} from '@aws-sdk/client-athena';
import type { AthenaApi, Sleep } from '../../../functions/core/aws/athena-query-runner.js';

type Answer<T> = T | Error;

interface Script {
  start?: Answer<StartQueryExecutionOutput>[];
  get?: Answer<GetQueryExecutionOutput>[];
  results?: Answer<GetQueryResultsOutput>[];
}

interface Call {
  readonly op: 'start' | 'get' | 'results' | 'stop';
  readonly input: unknown;
}

/** An SDK-shaped error: name plus HTTP status, as the SDK throws them. */
function awsError(name: string, status: number): Error {
  const error = new Error(`${name} (simulated)`);
  error.name = name;
  Object.assign(error, { $metadata: { httpStatusCode: status } });
  return error;
}

/** A GetQueryExecution answer in a given state. */
function execution(
  state: QueryExecutionState,
  extra: { reason?: string; bytes?: number; statementType?: string } = {},
): GetQueryExecutionOutput {
  return {
    QueryExecution: {
      QueryExecutionId: 'q-1',
      StatementType: (extra.statementType ?? 'DML') as 'DML',
      Status: { State: state, ...(extra.reason ? { StateChangeReason: extra.reason } : {}) },
      Statistics: { DataScannedInBytes: extra.bytes ?? 0, EngineExecutionTimeInMillis: 42 },
    },
  };
}

class FakeAthena implements AthenaApi {
  readonly calls: Call[] = [];

  constructor(private readonly script: Script) {}

  private next<T>(queue: Answer<T>[] | undefined, op: string): Promise<T> {
    const answer = queue?.shift();
    if (answer === undefined) return Promise.reject(new Error(`unscripted ${op} call`));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }

  startQueryExecution(input: StartQueryExecutionInput): Promise<StartQueryExecutionOutput> {
    this.calls.push({ op: 'start', input });
    return this.next(this.script.start, 'start');
  }

  getQueryExecution(input: GetQueryExecutionInput): Promise<GetQueryExecutionOutput> {
    this.calls.push({ op: 'get', input });
    return this.next(this.script.get, 'get');
  }

  getQueryResults(input: GetQueryResultsInput): Promise<GetQueryResultsOutput> {
    this.calls.push({ op: 'results', input });
    return this.next(this.script.results, 'results');
  }

  stopQueryExecution(input: StopQueryExecutionInput): Promise<unknown> {
    this.calls.push({ op: 'stop', input });
    return Promise.resolve({});
  }

  /** The operations called, in order: 'start get get results ...'. */
  ops(): string {
    return this.calls.map((c) => c.op).join(' ');
  }
}

/** A sleep that returns at once and remembers every delay asked for. */
function recordingSleep(): { sleep: Sleep; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

export { awsError, execution, FakeAthena, recordingSleep };
