/**
 * Where each kind of object lives in the buckets, taken from the pipeline
 * code that reads and writes them (functions/core/aws/), so IAM statements
 * name exactly the prefixes a step uses and cannot drift from the code.
 * Every non-empty prefix ends with `/`; an object key names one object.
 */
import { PII_KEY_OBJECT, PII_KEY_PREFIX } from '../../functions/core/aws/pii-key-layout.js';
import { MANIFESTS_PREFIX, POINTER_PREFIX, REPORT_PREFIX, RUNS_PREFIX } from '../../functions/core/aws/run-layout.js';

const LAYOUT = {
  /**
   * raw: exports in the contract's layout at the bucket root,
   * `<entity>/export_date=YYYY-MM-DD/<files>`.
   */
  exports: '',
  /** raw: `_manifests/<runId>.json`, each run's claim and input list. */
  manifests: MANIFESTS_PREFIX,
  /**
   * curated: `runs/<runId>/<target>/`, everything a run built, plus its
   * gate verdict and logs.
   */
  runs: RUNS_PREFIX,
  /** curated: the folder of `crm_stage.pii_key`, reserved to the pipeline. */
  piiKey: PII_KEY_PREFIX,
  /** curated: the one object of `crm_stage.pii_key` (the personal-data key). */
  piiKeyObject: PII_KEY_OBJECT,
  /** curated: `published/<runId>/`, the one-row pointer the published views join. */
  published: POINTER_PREFIX,
  /** curated: `report/`, the monthly report pages, their CSV bundles and `latest.html`. */
  report: REPORT_PREFIX,
  /** query-results: results of the pipeline workgroup. */
  etlResults: 'etl/',
  /** query-results: results of the BI workgroup. */
  biResults: 'bi/',
} as const;

/**
 * How published names start, so BI can be granted their run folders (any
 * run, names starting so) while unpublished builds (the landed copies of
 * export rows, staging and intermediate models) stay out of reach.
 */
const PUBLISHED_NAME_PREFIXES = ['kpi_', 'dim_', 'pipeline_'] as const;

export { LAYOUT, PUBLISHED_NAME_PREFIXES };
