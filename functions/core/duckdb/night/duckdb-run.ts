/**
 * The DuckDB binding of the night plan: where its targets live in the
 * warehouse. Landed tables are the landing step's (`landing.<entity>`),
 * every other target is built into `build.<target>`, and the baseline
 * night's tables are the published ones (`main.<target>`), which a night
 * replaces only when it publishes.
 */
import { entities } from '../../contract/entities.js';
import { landedTable } from '../landing/land-exports.js';
import type { Model } from '../../models/model-graph.js';
import { landedName } from '../../plan/targets.js';
import type { NightManifest, NightRun } from '../../plan/targets.js';
import { buildTable } from './build-plan.js';
import { publishedTable } from './published-tables.js';

const landed = new Map(entities.map((e) => [landedName(e.name), landedTable(e.name)]));

/** A night on DuckDB, rendered in its dialect. */
function duckDbRun(manifest: NightManifest, models: readonly Model[]): NightRun {
  return {
    dialect: 'duckdb',
    manifest,
    models,
    tables: {
      tonight: (target) => landed.get(target) ?? buildTable(target),
      baseline: manifest.baselineRunId === null ? null : publishedTable,
    },
  };
}

export { duckDbRun };
