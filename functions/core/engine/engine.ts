/**
 * The one seam between the pipeline and a SQL engine. The night plan
 * (plan/targets.ts: models, gates, restatements, run logs, run history) is
 * shared and rendered per dialect, so a test on DuckDB executes the SELECTs
 * that run at night on Athena. What stays per engine is how exports are read
 * into the landed tables (DuckDB's readers in duckdb/landing/, Athena's raw tables
 * and landing CTAS in plan/landing-sql.ts) and where tables are stored.
 */
import type { Dialect } from '../sql/macros.js';

/** A row as plain JSON values (BIGINT and DECIMAL arrive as strings). */
type Row = Record<string, string | number | boolean | null>;

/** A published table and the build table that becomes it. */
interface PublishItem {
  readonly name: string;
  readonly buildTable: string;
}

interface Engine {
  readonly dialect: Dialect;
  /** Runs statements that return nothing worth reading. */
  execute(sql: string): Promise<void>;
  /** Runs a query and returns every row. */
  query(sql: string): Promise<Row[]>;
  /** Builds `table` from a SELECT, replacing a previous build of it. */
  materialize(table: string, selectSql: string): Promise<void>;
  /**
   * Moves every published name to its new build in one step: readers see
   * either all the previous tables or all the new ones, never a mix.
   */
  publish(items: readonly PublishItem[]): Promise<void>;
  close(): Promise<void>;
}

export type { Engine, PublishItem, Row };
