/**
 * The manifest of one Athena run: the export date, the settings and every
 * input file with what the land step found in it. It is written once, with
 * a conditional put that doubles as the run's claim, and every later step
 * reads its inputs from it, so a night is rendered from one consistent
 * snapshot even if settings or files change while it runs.
 */
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { pipelineConfigSchema } from '../config/pipeline-config.js';
import { entityNames } from '../contract/entities.js';
import { RunStateError } from '../errors.js';
import type { FileGateInput } from '../plan/input-gates.js';
import { isoDateSchema, manifestKey, runIdSchema } from './run-layout.js';
import { getJson, putJsonIfAbsent } from './s3-objects.js';

/** One export file as the land step classified it. */
const manifestFileSchema = z
  .object({
    entity: z.enum(entityNames as [string, ...string[]]),
    /** S3 key in the raw bucket; also the file name users see in rejects. */
    key: z.string().min(1),
    exportDate: isoDateSchema,
    bytes: z.number().int().min(0),
    /** S3's ETag when the night was claimed: the content's fingerprint. */
    etag: z.string().default(''),
    format: z.enum(['csv', 'jsonl']).nullable(),
    /**
     * ok: its rows are landed by SQL (all rejected when `fileError` is set);
     * the others are whole-file outcomes decided without reading rows.
     */
    status: z.enum(['ok', 'empty', 'unreadable', 'unsupported']),
    /** A CSV file's header names, as written in the file. */
    header: z.array(z.string()).optional(),
    unknownColumns: z.array(z.string()),
    /** A problem that rejects every row of the file, blamed on a column. */
    fileError: z.object({ column: z.string(), reason: z.string() }).strict().optional(),
    /** For whole-file outcomes: what is wrong and what to do. */
    problem: z.string().optional(),
    fix: z.string().optional(),
  })
  .strict();

const runManifestSchema = z
  .object({
    version: z.literal(1),
    runId: runIdSchema,
    asOf: isoDateSchema,
    createdAt: z.string().datetime(),
    rawBucket: z.string().min(3),
    config: pipelineConfigSchema,
    files: z.array(manifestFileSchema),
    /** Top-level folders that are not contract entities: reported, never read. */
    unknownFolders: z.array(z.string()),
    /** A forced night publishes despite a row-count drop (logged as a warning). */
    force: z.boolean().default(false),
    /**
     * The run published when this one was claimed: the row-count gate's
     * baseline. null: nothing was published yet.
     */
    baselineRunId: runIdSchema.nullable().default(null),
  })
  .strict();

type ManifestFile = z.infer<typeof manifestFileSchema>;
type RunManifest = z.infer<typeof runManifestSchema>;

/** How many attempts one night's inputs may claim before we stop. */
const MAX_ATTEMPTS = 999;

/**
 * `r<yyyymmdd>_<hash>`: the same export date, files and settings give the
 * same base, so reruns of a night are recognisable by their run id. A file
 * counts by its ETag as well as its size: a corrected export of the same
 * size is new input, not a rerun.
 */
function runBaseId(
  asOf: string,
  files: readonly { key: string; bytes: number; etag: string }[],
  config: RunManifest['config'],
): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(config));
  for (const f of [...files].sort((a, b) => a.key.localeCompare(b.key))) {
    hash.update(`${f.key}\u0000${f.bytes}\u0000${f.etag}\n`);
  }
  return `r${asOf.replaceAll('-', '')}_${hash.digest('hex').slice(0, 10)}`;
}

/**
 * Writes the manifest (to the raw bucket) under the first free attempt
 * `<base>_<n>`: the conditional put makes the claim atomic, so two
 * executions of the same night never share a run id (and Athena never
 * finds a used location).
 */
async function claimRun(
  s3: S3Client,
  base: string,
  draft: Omit<RunManifest, 'runId' | 'version'>,
): Promise<RunManifest> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const manifest = runManifestSchema.parse({ version: 1, runId: `${base}_${attempt}`, ...draft });
    if (await putJsonIfAbsent(s3, draft.rawBucket, manifestKey(manifest.runId), manifest)) {
      return manifest;
    }
  }
  throw new RunStateError(`every attempt ${base}_1..${MAX_ATTEMPTS} is already claimed`);
}

/** The manifest of a run (raw bucket); throws when the run was never claimed. */
async function readManifest(s3: S3Client, bucket: string, runId: string): Promise<RunManifest> {
  const body = await getJson(s3, bucket, manifestKey(runId));
  if (body === null) {
    throw new RunStateError(`run ${runId} has no manifest at s3://${bucket}/${manifestKey(runId)}`);
  }
  const parsed = runManifestSchema.safeParse(body);
  if (!parsed.success) {
    throw new RunStateError(`the manifest of run ${runId} is invalid: ${parsed.error.message}`);
  }
  if (parsed.data.runId !== runId) {
    throw new RunStateError(`the manifest at ${manifestKey(runId)} belongs to ${parsed.data.runId}`);
  }
  return parsed.data;
}

/**
 * The manifest of the run an event names; throws when the event's asOf is
 * another night's, so a miswired state machine cannot mix two nights.
 */
async function readRunManifest(s3: S3Client, bucket: string, runId: string, asOf: string): Promise<RunManifest> {
  const manifest = await readManifest(s3, bucket, runId);
  if (manifest.asOf !== asOf) {
    throw new RunStateError(`run ${runId} is the night of ${manifest.asOf}, not ${asOf}`);
  }
  return manifest;
}

/** The manifest's files as the file gates read them (the key is the file name users see). */
const fileGateInputs = (manifest: RunManifest): FileGateInput[] =>
  manifest.files.map((f) => ({ file: f.key, status: f.status, problem: f.problem, fix: f.fix }));

export { claimRun, fileGateInputs, readManifest, readRunManifest, runBaseId };
export type { ManifestFile, RunManifest };
