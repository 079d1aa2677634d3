/** A JSON file of the parity gate's, validated: a clear error naming the file and each problem. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { PipelineError } from '../errors.js';

async function readJsonFile<T extends z.ZodType>(file: string, schema: T): Promise<z.infer<T>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new PipelineError(`${file}: not readable JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new PipelineError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export { readJsonFile };
