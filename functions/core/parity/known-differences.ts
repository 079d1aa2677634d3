/**
 * Differences between the engines that are known, explained and not yet
 * fixed: a JSON list of `{case, reason}`, where `case` is the start of a
 * parity case's folder name (without its content hash, so the entry
 * survives edits of the fixture) and `reason` says what differs and why.
 * A listed case is still run and reported; it does not fail the gate
 * while it differs, and fails it once it stops differing, so the list only
 * ever shrinks and never hides a fixed case.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PipelineError } from '../errors.js';

interface KnownDifference {
  readonly case: string;
  readonly reason: string;
}

const knownSchema = z.array(z.object({ case: z.string().min(3), reason: z.string().min(10) }).strict());

async function readKnownDifferences(file: string): Promise<KnownDifference[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new PipelineError(`${file}: not readable JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = knownSchema.safeParse(json);
  if (!parsed.success) {
    throw new PipelineError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The entry a case folder matches, by its last path segment. */
function knownEntry(known: readonly KnownDifference[], caseName: string): KnownDifference | undefined {
  const folder = caseName.split('/').at(-1) ?? caseName;
  return known.find((k) => folder.startsWith(k.case));
}

export { knownEntry, readKnownDifferences };
export type { KnownDifference };
