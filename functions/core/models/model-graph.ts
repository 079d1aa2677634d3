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

/** A node of a dependency graph: a name and the names it reads. */
interface GraphNode {
  readonly name: string;
  readonly deps: readonly string[];
}

/**
 * Names grouped by dependency level: a node's level is one more than the
 * highest level it reads, so a level's nodes can be built in parallel. The
 * one planner of the product: the night plan (plan/targets.ts) levels its
 * targets with it. Throws on a cycle and on a dependency that is no node.
 */
function dependencyLevels(nodes: readonly GraphNode[]): string[][] {
  const deps = new Map(nodes.map((n) => [n.name, n.deps]));
  const level = new Map<string, number>();
  const visit = (name: string, path: readonly string[]): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (path.includes(name)) throw new ModelGraphError(`dependency cycle: ${[...path, name].join(' -> ')}`);
    const mine = deps.get(name);
    if (!mine) throw new ModelGraphError(`${path.at(-1) ?? '?'} reads ${name}, which is not in the graph`);
    const value = mine.reduce((max, d) => Math.max(max, visit(d, [...path, name]) + 1), 0);
    level.set(name, value);
    return value;
  };
  const levels: string[][] = [];
  for (const { name } of nodes) (levels[visit(name, [])] ??= []).push(name);
  return levels.map((names) => names.sort());
}

/** Throws unless every ref names a model and every source a contract entity. */
function checkReferences(models: readonly Model[]): void {
  const names = new Set(models.map((m) => m.name));
  for (const model of models) {
    for (const ref of model.refs) {
      if (!names.has(ref)) throw new ModelGraphError(`${model.file}: ref('${ref}') names no model`);
    }
    for (const source of model.sources) {
      if (!(entityNames as readonly string[]).includes(source)) {
        throw new ModelGraphError(`${model.file}: source('${source}') is not a contract entity`);
      }
    }
  }
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
  checkReferences(models);
  // Refs first: by dependency level, then layer, then name.
  const levelOf = new Map(
    dependencyLevels(models.map((m) => ({ name: m.name, deps: m.refs }))).flatMap((names, i) =>
      names.map((name) => [name, i] as const),
    ),
  );
  const rank = (m: Model): [number, number, string] => [levelOf.get(m.name) ?? 0, LAYERS.indexOf(m.layer), m.name];
  return models.sort((a, b) => {
    const [la, ya, na] = rank(a);
    const [lb, yb, nb] = rank(b);
    return la - lb || ya - yb || na.localeCompare(nb);
  });
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

export { dependencyLevels, LAYERS, loadModels, transitiveSources };
export type { GraphNode, Layer, Model };
