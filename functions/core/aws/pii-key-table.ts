/**
 * The personal-data key as Athena reads it. The landing SQL hashes e-mail
 * addresses with `hmac_sha256(..., (SELECT from_hex(hmac_key) FROM
 * crm_stage.pii_key))`, so the key is read from storage by the engine and
 * never appears in a query's text, Athena's query history or a log line.
 *
 * The table is one text object of one line, the key's UTF-8 bytes in hex
 * (what DuckDB hashes with too), under its own prefix of the curated
 * bucket: encrypted with the bucket's KMS key, written only by land-exports
 * (from Secrets Manager, each night) and readable only by the state
 * machine's role (infra: a bucket policy denies every other principal).
 * The stack creates the Glue table from `piiKeyTable` (pii-key-layout.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { PII_KEY_OBJECT } from './pii-key-layout.js';
import { putText } from './s3-objects.js';

/**
 * Writes the key where the table reads it. The bucket's default encryption
 * (its KMS key) applies; no SSE header is sent because `aws:kms` without a
 * key id would pick the account's AWS-managed key instead.
 */
async function storePiiKey(s3: S3Client, curatedBucket: string, key: string): Promise<void> {
  const hex = Buffer.from(key, 'utf8').toString('hex');
  await putText(s3, curatedBucket, PII_KEY_OBJECT, `${hex}\n`, 'text/plain');
}

export { storePiiKey };
