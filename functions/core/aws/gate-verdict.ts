/**
 * The gate verdict of a run, stored by check-gates and required by
 * publish-night: publishing refuses a run whose gates did not pass even if
 * the state machine were miswired, so "nothing is published after a failed
 * gate" holds in code, not only in the workflow definition.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { RunStateError } from '../errors.js';
import { gatesKey, isoDateSchema, runIdSchema } from './run-layout.js';
import { getJson, putText } from './s3-objects.js';

const failureSchema = z.object({
  gate: z.string(),
  violations: z.number().int().min(0),
  detail: z.string(),
});

const verdictSchema = z
  .object({
    runId: runIdSchema,
    asOf: isoDateSchema,
    passed: z.boolean(),
    failures: z.array(failureSchema),
    checkedAt: z.string().datetime(),
  })
  .strict();

type GateVerdict = z.infer<typeof verdictSchema>;
type GateFailure = z.infer<typeof failureSchema>;

/** Stores a run's verdict in the curated bucket (overwrites a re-check). */
async function writeVerdict(s3: S3Client, bucket: string, verdict: GateVerdict): Promise<void> {
  await putText(s3, bucket, gatesKey(verdict.runId), JSON.stringify(verdictSchema.parse(verdict)), 'application/json');
}

/** The verdict of a run whose gates passed; throws otherwise. */
async function requirePassedVerdict(s3: S3Client, bucket: string, runId: string): Promise<GateVerdict> {
  const body = await getJson(s3, bucket, gatesKey(runId));
  if (body === null) throw new RunStateError(`run ${runId} has no gate verdict: its gates were never checked`);
  const verdict = verdictSchema.safeParse(body);
  if (!verdict.success) throw new RunStateError(`the gate verdict of run ${runId} is invalid: ${verdict.error.message}`);
  if (verdict.data.runId !== runId) throw new RunStateError(`the gate verdict at ${gatesKey(runId)} is for ${verdict.data.runId}`);
  if (!verdict.data.passed) {
    const gates = verdict.data.failures.map((f) => `${f.gate} (${f.violations})`).join(', ');
    throw new RunStateError(`run ${runId} failed its gates, so it cannot be published: ${gates}`);
  }
  return verdict.data;
}

export { requirePassedVerdict, writeVerdict };
export type { GateFailure, GateVerdict };
