/**
 * Loads the `sql/` models and orders them by the dependencies declared in
 * the SQL itself (`ref()` and `source()`): no hand-kept order list.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { entityNames } from '../contract/entities.js';
import { ModelGraphError } from '../errors.js';
import { findRefs } from '../sql/macros.js';
import { parseModelHeader } from './model-header.js';
import type { ModelHeader } from './model-header.js';

/** Folders in build order of layers; the folder fixes what a model is. */
const LAYERS = ['staging', 'intermediate', 'kpi', 'audits'] as const;
type Layer = (typeof LAYERS)[number];

interface Model {
  readonly name: string;
  readonly layer: Layer;
  readonly file: string;
  readonly sql: string;
  readonly header: ModelHeader;
  readonly refs: readonly string[];
  readonly sources: readonly string[];
}

const modelName = /^[a-z][a-z0-9_]*$/;

async function loadLayer(sqlDir: string, layer: Layer): Promise<Model[]> {
  let names: string[];
  try {
    names = (await readdir(join(sqlDir, layer))).filter((n) => n.endsWith('.sql'));
  } catch {
    return [];
  }
  return Promise.all(
    names.sort().map(async (fileName) => {
      const file = join(sqlDir, layer, fileName);
      const sql = await readFile(file, 'utf8');
      const name = basename(fileName, '.sql');
      if (!modelName.test(name)) {
        throw new ModelGraphError(`${file}: model names are lower snake case`);
      }
      const { refs, sources } = findRefs(sql);
      return { name, layer, file, sql, header: parseModelHeader(sql, file), refs, sources };
    }),
  );
}

/** Kahn's algorithm, ties broken by layer then name, so order is stable. */
function topologicalOrder(models: readonly Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  for (const model of models) {
    for (const ref of model.refs) {
      if (!byName.has(ref)) {
        throw new ModelGraphError(`${model.file}: ref('${ref}') names no model`);
      }
    }
    for (const source of model.sources) {
      if (!(entityNames as readonly string[]).includes(source)) {
        throw new ModelGraphError(`${model.file}: source('${source}') is not a contract entity`);
      }
    }
  }
  const rank = (m: Model): string => `${LAYERS.indexOf(m.layer)}:${m.name}`;
  const remaining = new Map(models.map((m) => [m.name, new Set(m.refs)]));
  const ordered: Model[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining]
      .filter(([, deps]) => deps.size === 0)
      .map(([name]) => byName.get(name) as Model)
      .sort((a, b) => rank(a).localeCompare(rank(b)));
    const next = ready[0];
    if (!next) {
      throw new ModelGraphError(
        `dependency cycle among models: ${[...remaining.keys()].join(', ')}`,
      );
    }
    ordered.push(next);
    remaining.delete(next.name);
    for (const deps of remaining.values()) deps.delete(next.name);
  }
  return ordered;
}

/** Every model under `sqlDir`, in an order where refs come first. */
async function loadModels(sqlDir: string): Promise<Model[]> {
  const models = (await Promise.all(LAYERS.map((l) => loadLayer(sqlDir, l)))).flat();
  const seen = new Set<string>();
  for (const model of models) {
    if (seen.has(model.name)) {
      throw new ModelGraphError(`two models are named ${model.name}`);
    }
    seen.add(model.name);
  }
  return topologicalOrder(models);
}

/** Every entity a model reads, directly or through the models it refs. */
function transitiveSources(model: Model, models: readonly Model[]): string[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const sources = new Set<string>();
  const seen = new Set<string>();
  const visit = (current: Model): void => {
    if (seen.has(current.name)) return;
    seen.add(current.name);
    current.sources.forEach((s) => sources.add(s));
    current.refs.forEach((r) => {
      const next = byName.get(r);
      if (next) visit(next);
    });
  };
  visit(model);
  return [...sources].sort();
}

export { LAYERS, loadModels, topologicalOrder, transitiveSources };
export type { Layer, Model };
