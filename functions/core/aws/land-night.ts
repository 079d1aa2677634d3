/**
 * The land step of an Athena night: find and classify the export files,
 * then claim the run by writing its manifest. What Athena later validates
 * is exactly the manifest's file list, so the night is reproducible.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { claimRun, runBaseId } from './run-manifest.js';
import type { RunManifest } from './run-manifest.js';
import { findRawExports } from './raw-exports.js';

interface LandRequest {
  readonly rawBucket: string;
  readonly config: PipelineConfig;
  /** @default the latest export date present */
  readonly exportDate?: string;
  /** Publish despite a row-count drop. @default false */
  readonly force?: boolean;
  /** The run published now, tonight's row-count baseline. @default null (none) */
  readonly baselineRunId?: string | null;
  readonly now: Date;
}

/** Classifies the night's files and claims a fresh run id for them. */
async function landNight(s3: S3Client, request: LandRequest): Promise<RunManifest> {
  const found = await findRawExports(s3, request.rawBucket, request.exportDate);
  return claimRun(s3, runBaseId(found.asOf, found.files, request.config), {
    asOf: found.asOf,
    createdAt: request.now.toISOString(),
    rawBucket: request.rawBucket,
    config: request.config,
    files: [...found.files],
    unknownFolders: [...found.unknownFolders],
    force: request.force ?? false,
    baselineRunId: request.baselineRunId ?? null,
  });
}

export { landNight };
export type { LandRequest };
