/**
 * Differences between the engines that are known, explained and not yet
 * fixed: a JSON list of `{case, reason}`, where `case` is the start of a
 * parity case's folder name (without its content hash, so the entry
 * survives edits of the fixture) and `reason` says what differs and why.
 * A listed case is still run and reported; it does not fail the gate
 * while it differs, and fails it once it stops differing, so the list only
 * ever shrinks and never hides a fixed case.
 */
import { z } from 'zod';
import { readJsonFile } from './read-json-file.js';

interface KnownDifference {
  readonly case: string;
  readonly reason: string;
}

const knownSchema = z.array(z.object({ case: z.string().min(3), reason: z.string().min(10) }).strict());

function readKnownDifferences(file: string): Promise<KnownDifference[]> {
  return readJsonFile(file, knownSchema);
}

/** The entry a case folder matches, by its last path segment. */
function knownEntry(known: readonly KnownDifference[], caseName: string): KnownDifference | undefined {
  const folder = caseName.split('/').at(-1) ?? caseName;
  return known.find((k) => folder.startsWith(k.case));
}

export { knownEntry, readKnownDifferences };
export type { KnownDifference };
