/**
 * One SDK client per service per Lambda container, created on first use and
 * reused by every invocation (connection reuse is most of an SDK call's
 * latency). Region and credentials come from the Lambda environment; the
 * SDK's own `AWS_ENDPOINT_URL` lets tests point the same code at moto.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let s3: S3Client | undefined;
let glue: GlueClient | undefined;
let athena: AthenaClient | undefined;
let secrets: SecretsManagerClient | undefined;

/** The container's S3 client. */
function s3Client(): S3Client {
  s3 ??= new S3Client({});
  return s3;
}

/** The container's Glue client. */
function glueClient(): GlueClient {
  glue ??= new GlueClient({});
  return glue;
}

/** The container's Athena client. */
function athenaClient(): AthenaClient {
  athena ??= new AthenaClient({});
  return athena;
}

/** The container's Secrets Manager client. */
function secretsClient(): SecretsManagerClient {
  secrets ??= new SecretsManagerClient({});
  return secrets;
}

export { athenaClient, glueClient, s3Client, secretsClient };
