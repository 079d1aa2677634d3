/**
 * Trino's client REST protocol with plain fetch: POST the statement to
 * `/v1/statement`, then follow `nextUri` until the server stops giving
 * one. Each response may carry columns, a page of rows and the query's
 * statistics; an `error` ends the query. The session is Athena's: catalog
 * `awsdatacatalog`, time zone UTC.
 */
import { QueryFailedError } from '../errors.js';

/** A column as Trino reports it: name and SQL type (`decimal(18,2)`). */
interface TrinoColumn {
  readonly name: string;
  readonly type: string;
}

/** Every row of a statement, with what it cost. */
interface TrinoResult {
  readonly queryId: string;
  readonly columns: readonly TrinoColumn[];
  /** Rows as Trino's JSON values, in column order. */
  readonly rows: readonly (readonly unknown[])[];
  /** Bytes the query read from storage (what Athena would bill). */
  readonly processedBytes: number;
  readonly processedRows: number;
  readonly elapsedMillis: number;
  /** `CREATE TABLE`, `DROP TABLE`, ... for statements that are no query. */
  readonly updateType: string | null;
}

interface TrinoClientOptions {
  /** e.g. `http://127.0.0.1:8080` */
  readonly url: string;
  /** @default 'crm-kpi' */
  readonly user?: string;
  /** @default 'awsdatacatalog' (the catalog name Athena uses) */
  readonly catalog?: string;
  /** Schema (Glue database) of unqualified table names. @default none */
  readonly schema?: string;
}

interface StatementResponse {
  id: string;
  nextUri?: string;
  columns?: TrinoColumn[];
  data?: unknown[][];
  updateType?: string;
  stats?: { state?: string; processedBytes?: number; processedRows?: number; elapsedTimeMillis?: number };
  error?: { message?: string; errorName?: string; errorType?: string };
}

/** Waits `ms`; Trino answers "still running" pages without a delay of its own. */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class TrinoClient {
  private readonly headers: Record<string, string>;

  constructor(private readonly options: TrinoClientOptions) {
    this.headers = {
      'X-Trino-User': options.user ?? 'crm-kpi',
      'X-Trino-Catalog': options.catalog ?? 'awsdatacatalog',
      'X-Trino-Time-Zone': 'UTC',
      'X-Trino-Source': 'crm-kpi-warehouse',
      ...(options.schema ? { 'X-Trino-Schema': options.schema } : {}),
    };
  }

  /** Runs one statement to its end; throws QueryFailedError naming `label`. */
  async run(sql: string, label = 'statement'): Promise<TrinoResult> {
    let page = await this.request(`${this.options.url}/v1/statement`, label, { method: 'POST', body: sql });
    const rows: unknown[][] = [];
    let columns: TrinoColumn[] = page.columns ?? [];
    let waits = 0;
    for (;;) {
      if (page.columns) columns = page.columns;
      if (page.data) rows.push(...page.data);
      if (page.error) {
        const { errorName = 'ERROR', message = 'no message' } = page.error;
        throw new QueryFailedError(label, page.id, 'FAILED', `${errorName}: ${message}`, { engine: 'Trino' });
      }
      if (!page.nextUri) break;
      // Back off gently while the query queues or runs without output.
      if (!page.data) await pause(Math.min(5 * 2 ** waits++, 100));
      else waits = 0;
      page = await this.request(page.nextUri, label, { method: 'GET' });
    }
    return {
      queryId: page.id,
      columns,
      rows,
      processedBytes: page.stats?.processedBytes ?? 0,
      processedRows: page.stats?.processedRows ?? 0,
      elapsedMillis: page.stats?.elapsedTimeMillis ?? 0,
      updateType: page.updateType ?? null,
    };
  }

  private async request(
    uri: string,
    label: string,
    init: { method: 'GET' | 'POST'; body?: string },
  ): Promise<StatementResponse> {
    let response: Response;
    try {
      response = await fetch(uri, { ...init, headers: this.headers });
    } catch (cause) {
      throw new QueryFailedError(label, '-', 'UNREACHABLE', `no Trino at ${this.options.url} (npm run trino:start)`, {
        cause,
        engine: 'Trino',
      });
    }
    if (response.status === 503) {
      await pause(200);
      return this.request(uri, label, init);
    }
    if (!response.ok) {
      throw new QueryFailedError(label, '-', `HTTP ${response.status}`, (await response.text()).slice(0, 500), {
        engine: 'Trino',
      });
    }
    return (await response.json()) as StatementResponse;
  }
}

export { TrinoClient };
export type { TrinoClientOptions, TrinoColumn, TrinoResult };
