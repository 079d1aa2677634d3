/**
 * The S3 calls the handlers make, each paging or batching the way the API
 * requires, so callers never see a truncated listing or a 1,000-key batch
 * limit. Bodies are small state objects (manifests, verdicts, run logs);
 * export data is never read here except a file's first bytes.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';

/** One listed object. */
interface S3Entry {
  readonly key: string;
  readonly bytes: number;
  /** S3's fingerprint of the content: a rewritten object gets a new one. */
  readonly etag: string;
}

/** Every object under a prefix, in key order, across all pages. */
async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<S3Entry[]> {
  const entries: S3Entry[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key !== undefined) entries.push({ key: o.Key, bytes: o.Size ?? 0, etag: o.ETag ?? '' });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return entries;
}

/** The "folders" directly under a prefix (`a/b/` for prefix `a/`). */
async function listFolders(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const folders: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: '/',
        ContinuationToken: token,
      }),
    );
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return folders;
}

/** The first `bytes` bytes of an object (fewer when it is shorter). */
async function readHead(s3: S3Client, bucket: string, key: string, bytes: number): Promise<Buffer> {
  const out = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${bytes - 1}` }),
  );
  return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
}

const isMissing = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');

/** A JSON object's parsed body, or null when there is no such key. */
async function getJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await out.Body?.transformToString('utf-8')) ?? 'null');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Writes a text object; `contentType` says how a reader should parse it. */
async function putText(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  contentType: string,
): Promise<void> {
  // A Buffer has a known length even when empty (an empty string does not).
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body, 'utf8'), ContentType: contentType }),
  );
}

/**
 * Creates a JSON object only if the key is free (`If-None-Match: *`);
 * returns false when another writer got there first (HTTP 412), so two
 * executions can never claim the same run.
 */
async function putJsonIfAbsent(
  s3: S3Client,
  bucket: string,
  key: string,
  value: unknown,
): Promise<boolean> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: Buffer.from(JSON.stringify(value, null, 2), 'utf8'),
        ContentType: 'application/json',
        IfNoneMatch: '*',
      }),
    );
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    // 412: the key exists; 409: a concurrent conditional write is in flight.
    if (status === 412 || status === 409) return false;
    throw error;
  }
}

/** Deletes every object under a prefix, 1,000 keys per request. */
async function deletePrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  const keys = (await listObjects(s3, bucket, prefix)).map((e) => e.key);
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const out = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    const failed = out.Errors ?? [];
    if (failed.length > 0) {
      const first = failed[0];
      throw new Error(
        `could not delete ${failed.length} object(s) under s3://${bucket}/${prefix}: ` +
          `${first?.Key} ${first?.Code} ${first?.Message}`,
      );
    }
  }
  return keys.length;
}

export { deletePrefix, getJson, listFolders, listObjects, putJsonIfAbsent, putText, readHead };
export type { S3Entry };
