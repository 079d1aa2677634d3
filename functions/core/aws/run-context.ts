/**
 * What the steps after landing load to work on a run: its manifest (from
 * the raw bucket) and the model graph (from the bundled sql/, parsed once
 * per container). The event's asOf must match the manifest's, so a
 * miswired state machine cannot render one night's SQL for another date.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { athenaRun } from '../plan/targets.js';
import type { AthenaRun } from '../plan/targets.js';
import { loadModels } from '../models/model-graph.js';
import type { Model } from '../models/model-graph.js';
import type { AthenaCatalog } from './run-layout.js';
import { readRunManifest } from './run-manifest.js';

const loaded = new Map<string, Promise<Model[]>>();

/** The models under `sqlDir`, parsed on first use and then reused. */
function modelsOnce(sqlDir: string): Promise<Model[]> {
  let models = loaded.get(sqlDir);
  if (!models) {
    models = loadModels(sqlDir);
    loaded.set(sqlDir, models);
  }
  return models;
}

interface RunSettings {
  readonly rawBucket: string;
  readonly catalog: AthenaCatalog;
  readonly sqlDir: string;
}

/** The run named by an event, ready to render. */
async function loadRun(s3: S3Client, settings: RunSettings, runId: string, asOf: string): Promise<AthenaRun> {
  const [manifest, models] = await Promise.all([
    readRunManifest(s3, settings.rawBucket, runId, asOf),
    modelsOnce(settings.sqlDir),
  ]);
  return athenaRun(settings.catalog, manifest, models);
}

export { loadRun, modelsOnce };
export type { RunSettings };
