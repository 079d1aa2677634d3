/**
 * The engine seam for the Trino family (Athena engine v3 and Trino
 * itself): everything but how one statement travels. A subclass passes a
 * session that runs a statement and reads its rows (Athena's API, Trino's
 * REST protocol); the rest is shared, so Trino executes exactly the DDL
 * Athena would.
 *
 * - materialize: drops the table's catalog entry and CTASes into a fresh
 *   folder (Athena never overwrites data and refuses a used location).
 * - publish: delegated to a publisher (the Glue pointer switch of
 *   aws/glue-publish.ts), which moves every published name at once.
 */
import { randomUUID } from 'node:crypto';
import { ModelFailedError, PipelineError, QueryFailedError } from '../errors.js';
import { ctasStatement } from '../plan/ctas.js';
import type { Engine, PublishItem, Row } from './engine.js';

/** How statements reach one engine of the family. */
interface StatementSession {
  /** Runs a statement whose result nobody reads. */
  execute(sql: string, label: string): Promise<void>;
  /** Runs a query and returns every row, typed as engine.ts Row says. */
  query(sql: string, label: string): Promise<Row[]>;
  /** Stops whatever is still running. */
  close(): Promise<void>;
}

interface CtasEngineOptions {
  /**
   * `s3://bucket/prefix/` under which materialized tables get fresh
   * folders; without one, materialize() throws (an engine that only reads).
   */
  readonly buildLocation?: string;
  /** Moves the published names; without one, publish() throws. */
  readonly publisher?: (items: readonly PublishItem[]) => Promise<void>;
  /** Unique folder name per build. @default randomUUID */
  readonly newBuildId?: () => string;
}

class CtasEngine implements Engine {
  readonly dialect = 'athena' as const;

  constructor(
    private readonly session: StatementSession,
    private readonly options: CtasEngineOptions,
  ) {}

  async execute(sql: string): Promise<void> {
    await this.session.execute(sql, 'statement');
  }

  async query(sql: string): Promise<Row[]> {
    return this.session.query(sql, 'query');
  }

  /** CTAS into `<buildLocation><table>/<build id>/`; failures name the table. */
  async materialize(table: string, selectSql: string): Promise<void> {
    if (!this.options.buildLocation) {
      throw new PipelineError(`this ${this.constructor.name} has no build location: it cannot build ${table}`);
    }
    const folder = table.replaceAll('.', '/');
    const location = `${this.options.buildLocation}${folder}/${(this.options.newBuildId ?? randomUUID)()}/`;
    try {
      await this.session.execute(`DROP TABLE IF EXISTS ${table}`, table);
      await this.session.execute(ctasStatement(table, location, selectSql), table);
    } catch (cause) {
      if (cause instanceof QueryFailedError) {
        throw new ModelFailedError(table, cause.detail, { cause });
      }
      throw cause;
    }
  }

  async publish(items: readonly PublishItem[]): Promise<void> {
    if (!this.options.publisher) {
      throw new PipelineError(`this ${this.constructor.name} has no publisher (see aws/glue-publish.ts)`);
    }
    await this.options.publisher(items);
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

export { CtasEngine };
export type { CtasEngineOptions, StatementSession };
