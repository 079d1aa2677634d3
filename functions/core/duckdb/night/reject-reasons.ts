/**
 * The reasons rows were rejected, counted per entity, for the summary a
 * person reads after a night (every rejected row is in pipeline_rejects).
 */
import type { Engine } from '../../engine/engine.js';

interface RejectReason {
  readonly entity: string;
  readonly column: string;
  readonly reason: string;
  readonly rows: number;
}

/** Every entity's reasons, most rows first (ties by column and reason). */
async function rejectReasons(engine: Engine, rejectsTable: string): Promise<RejectReason[]> {
  const rows = await engine.query(
    `SELECT entity, "column", reason, count(*) AS n FROM ${rejectsTable} ` +
      'GROUP BY entity, "column", reason ORDER BY entity, n DESC, "column", reason',
  );
  return rows.map((r) => ({
    entity: String(r.entity),
    column: String(r.column ?? ''),
    reason: String(r.reason),
    rows: Number(r.n),
  }));
}

export { rejectReasons };
export type { RejectReason };
