/**
 * The columns of run tables in crm_stage, read from Glue: what a CTAS
 * produced is known only once it ran, and a target rendered from other
 * tables' columns (the restatements) needs them before its own CTAS.
 */
import type { GlueClient } from '@aws-sdk/client-glue';
import type { StageColumns } from '../plan/restatements.js';
import { getTable } from './glue-publish.js';

/**
 * Column names and Glue types of each `<database>.<table>` named; an empty
 * map for a table that does not exist.
 */
async function readStageColumns(glue: GlueClient, tables: readonly string[]): Promise<StageColumns> {
  const described = await Promise.all(
    tables.map(async (name) => {
      const [database = '', tableName = ''] = name.split('.');
      const table = await getTable(glue, database, tableName);
      const columns = (table?.StorageDescriptor?.Columns ?? []).map((c) => [c.Name ?? '', c.Type ?? ''] as const);
      return [name, new Map(columns)] as const;
    }),
  );
  return new Map(described);
}

export { readStageColumns };
