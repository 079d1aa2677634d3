/**
 * Where the personal-data key lives for Athena (see pii-key-table.ts): its
 * prefix and object in the curated bucket, and the Glue table over it.
 * Names and specs only, so the stack (infra) reads them without SDK code.
 */
import { PII_KEY_TABLE } from '../pii/pii-hash.js';
import { TEXT_INPUT, TEXT_OUTPUT } from './glue-table-spec.js';
import type { GlueTableSpec } from './glue-table-spec.js';
import type { AthenaCatalog } from './run-layout.js';

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

export { PII_KEY_OBJECT, PII_KEY_PREFIX, piiKeyTable, piiKeyTableName };
