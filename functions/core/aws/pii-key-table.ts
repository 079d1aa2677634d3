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
 * The stack creates the Glue table from `piiKeyTable`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { PII_KEY_TABLE } from '../pii/pii-hash.js';
import { TEXT_INPUT, TEXT_OUTPUT } from './glue-table-spec.js';
import type { GlueTableSpec } from './glue-table-spec.js';
import type { AthenaCatalog } from './run-layout.js';
import { putText } from './s3-objects.js';

/** curated: the folder the `pii_key` table reads (nothing else lives there). */
const PII_KEY_PREFIX = 'pii-key/';

/** curated: the one object of the table. */
const PII_KEY_OBJECT = `${PII_KEY_PREFIX}hmac_key.hex`;

/** The Glue table over the key object, in the stage database. */
function piiKeyTable(curatedBucket: string): GlueTableSpec {
  return {
    name: PII_KEY_TABLE,
    description:
      'The personal-data HMAC key (one row, hex), written from Secrets Manager by land-exports; ' +
      'read only by the landing queries',
    columns: [{ name: 'hmac_key', type: 'string', comment: "the key's UTF-8 bytes, hex-encoded" }],
    partitionKeys: [],
    location: `s3://${curatedBucket}/${PII_KEY_PREFIX}`,
    serdeLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
    serdeParameters: { 'serialization.format': '1' },
    inputFormat: TEXT_INPUT,
    outputFormat: TEXT_OUTPUT,
    parameters: { classification: 'text' },
  };
}

/** `<stage db>.pii_key`: what the landing SQL reads the key from. */
const piiKeyTableName = (catalog: AthenaCatalog): string => `${catalog.stageDatabase}.${PII_KEY_TABLE}`;

/**
 * Writes the key where the table reads it. The bucket's default encryption
 * (its KMS key) applies; no SSE header is sent because `aws:kms` without a
 * key id would pick the account's AWS-managed key instead.
 */
async function storePiiKey(s3: S3Client, curatedBucket: string, key: string): Promise<void> {
  const hex = Buffer.from(key, 'utf8').toString('hex');
  await putText(s3, curatedBucket, PII_KEY_OBJECT, `${hex}\n`, 'text/plain');
}

export { PII_KEY_OBJECT, PII_KEY_PREFIX, piiKeyTable, piiKeyTableName, storePiiKey };
