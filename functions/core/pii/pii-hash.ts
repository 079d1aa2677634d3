/**
 * Personal data (the contract's `pii` columns, today `email`) is replaced at
 * landing by a keyed HMAC-SHA256 of its normalised value, computed in SQL by
 * the engine that reads the export, so the plain value never reaches a table.
 * A keyed hash (not a plain SHA-256) because a plain hash of an email is
 * reversible by hashing a list of known addresses.
 *
 * Normalisation is identical on both engines: remove leading and trailing
 * spaces, tabs, CR and LF, then lower-case (both engines map case code point
 * by code point). The key lives in a one-row table that only the landing
 * statement reads, so it appears in exactly one statement and never in a
 * model, a log line or an error message.
 *
 * - DuckDB has SHA-256 but no HMAC, so the HMAC is built from its definition,
 *   H((K ^ opad) || H((K ^ ipad) || m)), with the two padded keys prepared
 *   here; a test checks it against node:crypto.
 * - Athena (Trino) has `hmac_sha256(varbinary, key)` and takes the key as
 *   is: its UTF-8 bytes, stored hex-encoded in `crm_stage.pii_key` by the
 *   land step (aws/pii-key-table.ts), so both engines hash with the same
 *   bytes.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConfigInvalidError } from '../errors.js';
import type { Dialect } from '../sql/macros.js';

/** The environment variable the CLI reads the key from. */
const PII_KEY_ENV = 'CRM_KPI_PII_KEY';

/**
 * A published, non-secret key so the bundled demo and the tests run without
 * setup. Any real export must be landed with a secret key of its own.
 */
const DEMO_PII_KEY = 'crm-kpi-demo-key-not-a-secret';

/** Name of the table holding the key material (a session table on DuckDB). */
const PII_KEY_TABLE = 'pii_key';

const BLOCK_BYTES = 64;

/** At least 16 characters: a short key makes the hash guessable. */
const piiKeySchema = z.string().min(16, 'must be at least 16 characters');

/** Validates a key without ever echoing it. */
function parsePiiKey(key: string, source: string): string {
  if (!piiKeySchema.safeParse(key).success) {
    throw new ConfigInvalidError(
      `${source} is too short: the personal-data key must be at least 16 characters`,
    );
  }
  return key;
}

/** K' of RFC 2104: the key, hashed when longer than a block, zero-padded. */
function blockKey(key: string): Buffer {
  let bytes = Buffer.from(key, 'utf8');
  if (bytes.length > BLOCK_BYTES) bytes = createHash('sha256').update(bytes).digest();
  const block = Buffer.alloc(BLOCK_BYTES);
  bytes.copy(block);
  return block;
}

function xorBlock(block: Buffer, pad: number): string {
  return Buffer.from(block.map((b) => b ^ pad)).toString('hex');
}

/**
 * The statement that creates the session's key table on DuckDB (a TEMP
 * table: never written to the warehouse file). Landing is the only reader
 * and drops it afterwards (`dropPiiKeyTableSql`). On Athena the one-row
 * table is `crm_stage.pii_key` (aws/pii-key-table.ts), written from
 * Secrets Manager, so the key stays out of query text and history.
 */
function createPiiKeyTableSql(key: string): string {
  const block = blockKey(key);
  return (
    `CREATE OR REPLACE TEMP TABLE ${PII_KEY_TABLE} AS SELECT ` +
    `unhex('${xorBlock(block, 0x36)}') AS inner_pad, ` +
    `unhex('${xorBlock(block, 0x5c)}') AS outer_pad`
  );
}

function dropPiiKeyTableSql(): string {
  return `DROP TABLE IF EXISTS ${PII_KEY_TABLE}`;
}

/** The whitespace the normalisation removes: space, tab, LF, CR. */
const WHITESPACE = 'chr(32) || chr(9) || chr(10) || chr(13)';

/**
 * SQL for the lower-case hex HMAC-SHA256 of a text expression's normalised
 * value; NULL stays NULL. Reads the key from `keyTable`: on DuckDB the
 * session table of `createPiiKeyTableSql`, on Athena the qualified
 * `pii_key` table whose `hmac_key` is the key's bytes in hex.
 */
function piiHashSql(dialect: Dialect, value: string, keyTable: string = PII_KEY_TABLE): string {
  if (dialect === 'athena') {
    return (
      `lower(to_hex(hmac_sha256(to_utf8(lower(trim(${WHITESPACE} FROM ${value}))), ` +
      `(SELECT from_hex(hmac_key) FROM ${keyTable}))))`
    );
  }
  const message = `encode(lower(trim(${value}, ${WHITESPACE})))`;
  return (
    `sha256((SELECT outer_pad FROM ${keyTable}) || ` +
    `unhex(sha256((SELECT inner_pad FROM ${keyTable}) || ${message})))`
  );
}

/** Column name that holds a personal-data column's hash. */
const piiHashColumn = (column: string): string => `${column}_hash`;

export {
  createPiiKeyTableSql,
  DEMO_PII_KEY,
  dropPiiKeyTableSql,
  parsePiiKey,
  PII_KEY_ENV,
  PII_KEY_TABLE,
  piiHashColumn,
  piiHashSql,
};
