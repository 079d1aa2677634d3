/**
 * docs/export-contract.md is the contract the night enforces: generated
 * from contract/entities.ts and committed current, naming every entity,
 * column and rule.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entities } from '../../functions/core/contract/entities.js';
import { renderContractReference } from '../../functions/core/docs/contract-reference.js';
import { sqlDir } from '../helpers/run-fixture.js';

const root = join(sqlDir, '..');

describe('docs/export-contract.md', () => {
  it('is current (regenerate with npm run docs)', async () => {
    const committed = await readFile(join(root, 'docs', 'export-contract.md'), 'utf8');
    expect(committed).toBe(renderContractReference(entities));
  });

  it('names every entity, column and cross-column rule', () => {
    const page = renderContractReference(entities);
    for (const entity of entities) {
      expect(page).toContain(`## ${entity.name}\n`);
      for (const column of entity.columns) expect(page).toContain(`| \`${column.name}\` | ${column.type} |`);
      for (const rule of entity.rowRules) expect(page).toContain(rule.reason);
    }
  });

  it('states the rules a column carries', () => {
    const page = renderContractReference(entities);
    expect(page).toContain('| `status` | enum |  | one of `completed`, `refunded`, `cancelled`; empty means `completed` |');
    expect(page).toContain('| `email` | string |  | personal data: only its keyed hash `email_hash` is kept |');
    expect(page).toContain('| `score` | integer | yes | 0 to 10 |');
  });
});
