/**
 * What the CDK stack creates before the first night, made through the
 * same AWS APIs against the S3 and Glue a Trino reads (moto's locally):
 * the raw and curated buckets, the three Glue databases, the raw tables
 * and the personal-data key table, from the very specs the stack uses
 * (aws/raw-catalog.ts, aws/pii-key-table.ts). Idempotent: a second call
 * changes nothing, and a table whose spec changed is rewritten.
 */
import { CreateDatabaseCommand } from '@aws-sdk/client-glue';
import type { GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { putTable } from '../aws/glue-publish.js';
import { toGlueTableInput } from '../aws/glue-table-spec.js';
import { piiKeyTable } from '../aws/pii-key-layout.js';
import { rawTables } from '../aws/raw-catalog.js';
import type { AthenaCatalog } from '../aws/run-layout.js';

/** The buckets and databases of one warehouse. */
interface WarehouseLayout {
  readonly rawBucket: string;
  readonly catalog: AthenaCatalog;
}

const alreadyThere = new Set(['BucketAlreadyOwnedByYou', 'BucketAlreadyExists', 'AlreadyExistsException']);

async function ignoringExisting(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!(error instanceof Error && alreadyThere.has(error.name))) throw error;
  }
}

/** Creates (or brings up to date) the stack's buckets, databases and tables. */
async function provisionWarehouse(s3: S3Client, glue: GlueClient, layout: WarehouseLayout): Promise<void> {
  const { catalog, rawBucket } = layout;
  for (const Bucket of [rawBucket, catalog.curatedBucket]) {
    await ignoringExisting(() => s3.send(new CreateBucketCommand({ Bucket })));
  }
  for (const Name of [catalog.rawDatabase, catalog.stageDatabase, catalog.kpiDatabase]) {
    await ignoringExisting(() => glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name } })));
  }
  for (const spec of rawTables(rawBucket)) {
    await putTable(glue, catalog.rawDatabase, toGlueTableInput(spec));
  }
  await putTable(glue, catalog.stageDatabase, toGlueTableInput(piiKeyTable(catalog.curatedBucket)));
}

export { provisionWarehouse };
export type { WarehouseLayout };
