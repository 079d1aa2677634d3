/**
 * Puts a local exports folder into the raw bucket as `aws s3 sync
 * --delete` would: every file under its relative path as the key, a file
 * whose content changed uploaded again, a key whose file is gone deleted.
 * The bucket then holds exactly the folder, so the land step sees what a
 * production night would after the nightly upload. Run manifests
 * (`_manifests/`) are the pipeline's own and stay.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { mapLimit } from '../aws/map-limit.js';
import { MANIFESTS_PREFIX } from '../aws/run-layout.js';
import { listObjects } from '../aws/s3-objects.js';

/** Uploads in flight at once. */
const PARALLEL_UPLOADS = 8;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** S3's ETag of a single-part upload: the MD5 of the content, quoted. */
const etagOf = (content: Buffer): string => `"${createHash('md5').update(content).digest('hex')}"`;

/** Syncs `exportsDir` into `bucket`; returns how many objects it wrote and deleted. */
async function uploadExports(
  s3: S3Client,
  exportsDir: string,
  bucket: string,
): Promise<{ uploaded: number; deleted: number }> {
  const existing = new Map(
    (await listObjects(s3, bucket, ''))
      .filter((o) => !o.key.startsWith(MANIFESTS_PREFIX))
      .map((o) => [o.key, o.etag]),
  );
  const local = await filesUnder(exportsDir);
  const keys = new Set<string>();
  const written = await mapLimit(local, PARALLEL_UPLOADS, async (path) => {
    const key = relative(exportsDir, path).split(sep).join('/');
    keys.add(key);
    const content = await readFile(path);
    if (existing.get(key) === etagOf(content)) return false;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
    return true;
  });
  const gone = [...existing.keys()].filter((key) => !keys.has(key));
  await mapLimit(gone, PARALLEL_UPLOADS, (Key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key })));
  return { uploaded: written.filter(Boolean).length, deleted: gone.length };
}

export { uploadExports };
