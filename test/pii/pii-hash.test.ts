import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import { sqlString } from '../../functions/core/sql/sql-text.js';
import {
  createPiiKeyTableSql,
  parsePiiKey,
  piiHashSql,
} from '../../functions/core/pii/pii-hash.js';
import { checkTrinoGrammar } from '../../functions/core/sql/trino-grammar.js';

/** The reference: RFC 2104 HMAC-SHA256 of the normalised value, by node:crypto. */
const reference = (key: string, value: string): string =>
  createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '').toLowerCase(), 'utf8')
    .digest('hex');

describe('Function: piiHashSql', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open(':memory:');
  });
  afterAll(() => engine.close());

  const keys = [
    ['a 16-character key', 'sixteen-chars-ok'],
    ['a key of exactly one block (64 bytes)', 'k'.repeat(64)],
    ['a key longer than a block (hashed first)', 'long-key-'.repeat(12)],
    ['a key with non-ASCII characters', 'clé secrète pour le hachage'],
  ] as const;
  const values = [
    'ann@example.com',
    '  Ann@Example.COM\t',
    '\r\nBOB.SMITH@EXAMPLE.ORG \n',
    'jörg.ÄÖÜ@example.de',
    'cat+tag@example.co.uk',
  ];

  it.each(keys)('matches node:crypto HMAC-SHA256 with %s', async (_name, key) => {
    // Prepare
    await engine.execute(createPiiKeyTableSql(key));
    // Act
    const rows = await engine.query(
      values.map((v, i) => `SELECT ${i} AS i, ${piiHashSql('duckdb', sqlString(v))} AS h`).join(' UNION ALL ') +
        ' ORDER BY i',
    );
    // Assess
    expect(rows.map((r) => r.h)).toEqual(values.map((v) => reference(key, v)));
  });

  it('hashes the same address the same way whatever its case and padding', async () => {
    await engine.execute(createPiiKeyTableSql('sixteen-chars-ok'));
    const [row] = await engine.query(
      `SELECT ${piiHashSql('duckdb', "'ann@example.com'")} = ${piiHashSql('duckdb', "' ANN@example.COM '")} AS same`,
    );
    expect(row?.same).toBe(true);
  });

  it('keeps NULL as NULL', async () => {
    await engine.execute(createPiiKeyTableSql('sixteen-chars-ok'));
    const [row] = await engine.query(`SELECT ${piiHashSql('duckdb', 'CAST(NULL AS VARCHAR)')} AS h`);
    expect(row?.h).toBeNull();
  });

  it('renders for Athena as SQL the Trino grammar accepts', () => {
    // Trino: lower(to_hex(hmac_sha256(to_utf8(lower(trim(ws FROM email))), key)))
    expect(checkTrinoGrammar(`SELECT ${piiHashSql('athena', 'email')} AS email_hash FROM customers`)).toEqual([]);
  });
});

describe('Function: parsePiiKey', () => {
  it('refuses a short key without echoing it', () => {
    expect(() => parsePiiKey('short-secret', 'CRM_KPI_PII_KEY')).toThrow(
      'CRM_KPI_PII_KEY is too short: the personal-data key must be at least 16 characters',
    );
    try {
      parsePiiKey('short-secret', 'CRM_KPI_PII_KEY');
    } catch (error) {
      expect(String(error)).not.toContain('short-secret');
    }
  });
});
