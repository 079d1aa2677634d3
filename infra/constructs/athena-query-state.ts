/**
 * A Step Functions state that runs one Athena query and waits for it
 * (`startQueryExecution.sync`): the wait costs nothing and no Lambda polls.
 * Written as raw ASL because CDK's AthenaStartQueryExecution task attaches
 * its own policy with `s3:*`-style grants on `*`; the state machine's role
 * gets a handwritten, scoped policy instead (see NightlyStateMachine).
 */
import { Aws, Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/**
 * The errors Step Functions reports when Athena throttles StartQueryExecution
 * or GetQueryExecution; both are safe to retry because no query started.
 */
const ATHENA_THROTTLING_ERRORS = [
  'Athena.TooManyRequestsException',
  'Athena.ThrottlingException',
];

interface AthenaQueryStateProps {
  /** JSONPath of the SQL text in the state input. */
  readonly queryStringPath: string;
  readonly workGroup: string;
  /** Default database of unqualified names. */
  readonly database: string;
  /** Where the query summary goes in the state's output. */
  readonly resultPath: string;
}

/**
 * The query state, retried with exponential backoff and full jitter on
 * throttling (many models of a level start at once). A failed query is not
 * retried: the same SQL would fail the same way.
 */
function athenaQueryState(
  scope: Construct,
  id: string,
  props: AthenaQueryStateProps,
): sfn.CustomState {
  const state = new sfn.CustomState(scope, id, {
    stateJson: {
      Type: 'Task',
      Resource: `arn:${Aws.PARTITION}:states:::athena:startQueryExecution.sync`,
      Parameters: {
        'QueryString.$': props.queryStringPath,
        WorkGroup: props.workGroup,
        QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: props.database },
      },
      ResultSelector: {
        'queryExecutionId.$': '$.QueryExecution.QueryExecutionId',
        'dataScannedInBytes.$': '$.QueryExecution.Statistics.DataScannedInBytes',
        'engineExecutionTimeInMillis.$': '$.QueryExecution.Statistics.EngineExecutionTimeInMillis',
      },
      ResultPath: props.resultPath,
    },
  });
  state.addRetry({
    errors: ATHENA_THROTTLING_ERRORS,
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 8,
    maxDelay: Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return state;
}

export { ATHENA_THROTTLING_ERRORS, athenaQueryState };
export type { AthenaQueryStateProps };
