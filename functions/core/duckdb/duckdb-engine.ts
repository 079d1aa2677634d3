/**
 * DuckDB implementation of the engine: one database file (or :memory:),
 * one connection, UTC session. Publishing is one transaction, which DuckDB
 * makes atomic for DDL too.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Engine, PublishItem, Row } from '../engine/engine.js';

interface DuckDbOptions {
  /** DuckDB size string such as `1GB`. @default DuckDB's 80% of RAM */
  readonly memoryLimit?: string;
  /** Where DuckDB spills. @default next to the database file */
  readonly tempDirectory?: string;
}

class DuckDbEngine implements Engine {
  readonly dialect = 'duckdb' as const;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens (or creates) a database; `:memory:` for tests. A memory limit
   * makes DuckDB spill big sorts and joins to `tempDirectory` instead of
   * growing without bound.
   */
  static async open(path: string, options: DuckDbOptions = {}): Promise<DuckDbEngine> {
    const config: Record<string, string> = {};
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    return new DuckDbEngine(instance, connection);
  }

  async execute(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async query(sql: string): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Row[];
  }

  async materialize(table: string, selectSql: string): Promise<void> {
    await this.connection.run(`CREATE OR REPLACE TABLE ${table} AS\n${selectSql}`);
  }

  async publish(items: readonly PublishItem[]): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      for (const item of items) {
        await this.connection.run(
          `CREATE OR REPLACE TABLE main.${item.name} AS ` +
            `SELECT * FROM ${item.buildTable}`,
        );
      }
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export { DuckDbEngine };
export type { DuckDbOptions };
