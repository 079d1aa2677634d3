import type { Duration } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** One thin handler of the nightly run. */
interface PipelineFunctionProps {
  /** The project root: package-lock.json, functions/ and sql/ live here. */
  readonly rootDir: string;
  /** Handler file under `functions/handlers/`, without `.ts`. */
  readonly handlerName: string;
  readonly description: string;
  readonly memorySize: number;
  /**
   * Kept to a few minutes: builds are awaited in Step Functions, never
   * here; only the report step waits on a few small queries.
   */
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /**
   * Copies `sql/` into the bundle root (the Lambda task root) for
   * handlers that read the models at run time.
   * @default false
   */
  readonly bundleSql?: boolean;
  /**
   * true: the log group is deleted with the stack.
   * @default false
   */
  readonly destroyOnDelete?: boolean;
}

export type { PipelineFunctionProps };
