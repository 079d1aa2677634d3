/**
 * The storage of the warehouse: raw exports, curated tables, Athena query
 * results and the access logs of the three. One customer-managed key
 * encrypts the data so that reading it needs both an S3 and a KMS grant;
 * grants name a bucket prefix, never a whole bucket, so each step can only
 * touch the zone it works on.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DataLakeBucketsProps } from './data-lake-buckets-props.js';
import { acknowledgeWildcardResource } from './nag-acknowledgements.js';

/** What a grant allows on the objects under a prefix (or on one object). */
type PrefixAccess = 'read' | 'write' | 'readWrite';

const OBJECT_ACTIONS: Readonly<Record<PrefixAccess, readonly string[]>> = {
  read: ['s3:GetObject'],
  write: ['s3:PutObject'],
  readWrite: [
    's3:GetObject',
    's3:PutObject',
    's3:DeleteObject',
    's3:AbortMultipartUpload',
    's3:ListMultipartUploadParts',
  ],
};

const KEY_ACTIONS: Readonly<Record<PrefixAccess, readonly string[]>> = {
  read: ['kms:Decrypt'],
  write: ['kms:GenerateDataKey'],
  readWrite: ['kms:Decrypt', 'kms:GenerateDataKey'],
};

class DataLakeBuckets extends Construct {
  /** Encrypts raw, curated and query results; rotated yearly. */
  public readonly key: kms.Key;
  /** Exports as the CRM delivered them; versioned so nothing is lost. */
  public readonly raw: s3.Bucket;
  /** Each run's builds (Athena CTAS), gate verdict and logs, and the published pointer. */
  public readonly curated: s3.Bucket;
  /** Athena query results of both workgroups; expiring. */
  public readonly queryResults: s3.Bucket;
  /** S3 server access logs of the three data buckets (SSE-S3: log delivery cannot use KMS). */
  public readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataLakeBucketsProps) {
    super(scope, id);
    const destroy = props.destroyOnDelete ?? false;
    const removal = {
      removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: destroy,
    };
    const secured = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    };
    const abortUploads: s3.LifecycleRule = {
      id: 'abort-incomplete-uploads',
      abortIncompleteMultipartUploadAfter: Duration.days(2),
    };

    this.key = new kms.Key(this, 'Key', {
      description: 'crm-kpi-warehouse: raw exports, curated tables and query results',
      enableKeyRotation: true,
      removalPolicy: removal.removalPolicy,
      pendingWindow: Duration.days(30),
    });
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secured,
      ...removal,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        { id: 'expire-logs', expiration: Duration.days(props.accessLogRetentionDays) },
      ],
    });
    const dataBucket = (
      name: string,
      versioned: boolean,
      lifecycleRules: s3.LifecycleRule[],
    ): s3.Bucket =>
      new s3.Bucket(this, name, {
        ...secured,
        ...removal,
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.key,
        bucketKeyEnabled: true,
        versioned,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${name.toLowerCase()}/`,
        lifecycleRules: [abortUploads, ...lifecycleRules],
      });
    const keepRollbackVersions: s3.LifecycleRule = {
      id: 'expire-superseded-versions',
      noncurrentVersionExpiration: Duration.days(props.rollbackRetentionDays),
      expiredObjectDeleteMarker: true,
    };
    this.raw = dataBucket('Raw', true, [keepRollbackVersions]);
    // Whole runs are dropped by publish-night, which knows which run is published.
    this.curated = dataBucket('Curated', true, [keepRollbackVersions]);
    this.queryResults = dataBucket('QueryResults', false, [
      { id: 'expire-results', expiration: Duration.days(props.queryResultRetentionDays) },
    ]);
  }

  /**
   * Lets `grantee` list and read (or also write and delete) the objects
   * under `prefix` of one of this construct's buckets, with the matching
   * use of the key. Listing is limited to the prefix by condition; the
   * empty prefix means the whole bucket. `why` says why the objects cannot
   * be named one by one; it acknowledges the resulting cdk-nag finding.
   */
  public grantPrefix(
    grantee: iam.IGrantable,
    bucket: s3.IBucket,
    prefix: string,
    access: PrefixAccess,
    why: string,
  ): void {
    const objects = bucket.arnForObjects(`${prefix}*`);
    this.grantListing(grantee, bucket, prefix);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...OBJECT_ACTIONS[access]], resources: [objects] }),
    );
    acknowledgeWildcardResource(grantee, objects, why);
    this.key.grant(grantee, ...KEY_ACTIONS[access]);
  }

  /**
   * Lets `grantee` read or write exactly one object, named in full (no
   * wildcard). Reading also lists the object's folder, as Athena does to
   * read a table located there.
   */
  public grantObject(
    grantee: iam.IGrantable,
    bucket: s3.IBucket,
    key: string,
    access: Exclude<PrefixAccess, 'readWrite'>,
  ): void {
    if (access === 'read') this.grantListing(grantee, bucket, key.slice(0, key.lastIndexOf('/') + 1));
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...OBJECT_ACTIONS[access]], resources: [bucket.arnForObjects(key)] }),
    );
    this.key.grant(grantee, ...KEY_ACTIONS[access]);
  }

  /**
   * Denies `actions` on the objects under `prefix` to every principal but
   * `roles`, in the bucket policy: whatever identity policies grant later
   * (a BI role, an administrator), only these roles can use the objects.
   */
  public reserveObjects(
    bucket: s3.Bucket,
    prefix: string,
    actions: readonly string[],
    roles: readonly iam.IRole[],
  ): void {
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...actions],
        resources: [bucket.arnForObjects(`${prefix}*`)],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': roles.map((r) => r.roleArn) } },
      }),
    );
  }

  /** Listing limited to `prefix` (the empty prefix: the whole bucket). */
  private grantListing(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        ...(prefix ? { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
      }),
    );
    // Athena asks for the location of every bucket a query reads or writes.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }),
    );
  }

  /**
   * What Athena needs to write query results for `grantee` under `prefix`:
   * the prefix itself plus listing the bucket's multipart uploads.
   */
  public grantQueryResults(grantee: iam.IGrantable, prefix: string): void {
    this.grantPrefix(
      grantee,
      this.queryResults,
      prefix,
      'readWrite',
      'Athena names each result object after its query id, known only when the query starts.',
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucketMultipartUploads'],
        resources: [this.queryResults.bucketArn],
      }),
    );
  }
}

export { DataLakeBuckets };
export type { PrefixAccess };
