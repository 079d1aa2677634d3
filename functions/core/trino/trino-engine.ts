/**
 * Trino behind the engine seam: statements travel over Trino's REST
 * protocol (trino-client.ts); the DDL around them is CtasEngine's, the
 * same Athena gets. Rows are typed as the DuckDB engine types them
 * (engine.ts Row): BIGINT and DECIMAL as strings, other numbers as
 * numbers, dates and timestamps as text.
 */
import { CtasEngine } from '../engine/ctas-engine.js';
import type { CtasEngineOptions, StatementSession } from '../engine/ctas-engine.js';
import type { Row } from '../engine/engine.js';
import type { TrinoClient, TrinoColumn, TrinoResult } from './trino-client.js';

const asNumber = new Set(['integer', 'tinyint', 'smallint', 'double', 'real']);

/** One JSON value of Trino's protocol as a Row value. */
function typedValue(value: unknown, column: TrinoColumn): Row[string] {
  if (value === null || value === undefined) return null;
  const type = column.type.toLowerCase();
  if (type === 'boolean') return Boolean(value);
  if (asNumber.has(type)) return typeof value === 'number' ? value : Number(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A result's rows as objects keyed by column name. */
function rowObjects(result: TrinoResult): Row[] {
  return result.rows.map((values) => {
    const row: Row = {};
    result.columns.forEach((column, i) => {
      row[column.name] = typedValue(values[i], column);
    });
    return row;
  });
}

class TrinoSession implements StatementSession {
  constructor(
    private readonly client: Pick<TrinoClient, 'run'>,
    private readonly onQuery?: (label: string, result: TrinoResult) => void,
  ) {}

  private async run(sql: string, label: string): Promise<TrinoResult> {
    const result = await this.client.run(sql, label);
    this.onQuery?.(label, result);
    return result;
  }

  async execute(sql: string, label: string): Promise<void> {
    await this.run(sql, label);
  }

  async query(sql: string, label: string): Promise<Row[]> {
    return rowObjects(await this.run(sql, label));
  }

  async close(): Promise<void> {}
}

interface TrinoEngineOptions extends CtasEngineOptions {
  readonly client: Pick<TrinoClient, 'run'>;
  /** Called after every successful statement (bytes read per label). */
  readonly onQuery?: (label: string, result: TrinoResult) => void;
}

class TrinoEngine extends CtasEngine {
  constructor(options: TrinoEngineOptions) {
    super(new TrinoSession(options.client, options.onQuery), options);
  }
}

export { rowObjects, TrinoEngine };
export type { TrinoEngineOptions };
