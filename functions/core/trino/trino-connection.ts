/**
 * Where a Trino night runs: the Trino server, and the S3 and Glue its Hive
 * connector uses (moto's on loopback after `npm run trino:start`, or a
 * real account's for a self-hosted cluster on the Glue catalog). One place
 * builds the clients, so the CLI and the parity gate connect alike.
 */
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { TrinoClient } from './trino-client.js';
import type { TrinoNightDeps } from './trino-night.js';

interface TrinoConnection {
  /** @default TRINO_URL, else http://127.0.0.1:8080 */
  readonly trinoUrl?: string;
  /**
   * S3 and Glue endpoint; null means AWS itself (the SDK's own endpoints
   * and credentials). @default CRM_KPI_AWS_ENDPOINT (`aws`: AWS itself),
   * else the local moto of `npm run trino:start` (http://127.0.0.1:15000)
   */
  readonly awsEndpoint?: string | null;
}

const LOCAL_TRINO = 'http://127.0.0.1:8080';
const LOCAL_MOTO = 'http://127.0.0.1:15000';

/** The Trino URL a connection resolves to. */
const trinoUrlOf = (connection: TrinoConnection): string =>
  connection.trinoUrl ?? process.env.TRINO_URL ?? LOCAL_TRINO;

/** Clients for a Trino night; `schema` is the default schema of unqualified names. */
function connectTrino(connection: TrinoConnection, schema?: string): TrinoNightDeps {
  const chosen = connection.awsEndpoint === undefined ? (process.env.CRM_KPI_AWS_ENDPOINT ?? LOCAL_MOTO) : connection.awsEndpoint;
  const endpoint = chosen === null || chosen === 'aws' ? undefined : chosen;
  const local = endpoint !== undefined && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(endpoint);
  const aws = {
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    // moto accepts any key; a real account's come from the SDK's chain.
    ...(local ? { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } : {}),
  };
  return {
    trino: new TrinoClient({ url: trinoUrlOf(connection), ...(schema ? { schema } : {}) }),
    s3: new S3Client({ ...aws, forcePathStyle: local }),
    glue: new GlueClient(aws),
  };
}

export { connectTrino, trinoUrlOf };
export type { TrinoConnection };
