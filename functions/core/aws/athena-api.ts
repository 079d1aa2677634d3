/**
 * The four Athena calls of the query runner (aws/athena-query-runner.ts)
 * over an SDK client, so a handler can run queries through AthenaEngine
 * while tests hand the engine a scripted Athena instead.
 */
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { AthenaApi } from './athena-query-runner.js';

/** The runner's calls, sent through `client`. */
function athenaApi(client: AthenaClient): AthenaApi {
  return {
    startQueryExecution: (input) => client.send(new StartQueryExecutionCommand(input)),
    getQueryExecution: (input) => client.send(new GetQueryExecutionCommand(input)),
    getQueryResults: (input) => client.send(new GetQueryResultsCommand(input)),
    stopQueryExecution: (input) => client.send(new StopQueryExecutionCommand(input)),
  };
}

export { athenaApi };
