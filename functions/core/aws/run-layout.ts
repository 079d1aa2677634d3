/**
 * Where one Athena run lives: its tables, S3 prefixes and state objects.
 * Every run writes to fresh names (`crm_stage.<target>__<runId>`,
 * `s3://<curated>/runs/<runId>/<target>/`) because Athena CTAS refuses a
 * non-empty location and never overwrites data; publishing then moves the
 * published names to a run, and an old run is dropped as a whole.
 *
 * Raw bucket: `_manifests/<runId>.json` (one per run, never deleted).
 * Curated bucket: `runs/<runId>/<target>/` (CTAS output and run logs),
 * `runs/<runId>/_gates.json` (the gate verdict), `published/<runId>/`
 * (the current-run pointer's data).
 */
import { z } from 'zod';
import { REPORT_FOLDER } from '../report/report-layout.js';

/** The Glue databases and the bucket the engine writes to. */
interface AthenaCatalog {
  readonly rawDatabase: string;
  readonly stageDatabase: string;
  readonly kpiDatabase: string;
  readonly curatedBucket: string;
}

/**
 * `r<yyyymmdd>_<input hash>_<attempt>`: the export date, a hash of the
 * input files and settings, and the attempt that claimed it. Lower case,
 * digits and `_` only, so it is valid inside Athena table names.
 */
const runIdSchema = z
  .string()
  .regex(/^r\d{8}_[0-9a-f]{10}_[1-9]\d{0,2}$/, 'must look like r20261101_0123456789_1');

/**
 * Whether two runs read the same inputs: their ids differ at most in the
 * attempt (`r<yyyymmdd>_<hash>` is the same), as a rerun of a night does.
 */
const sameInputs = (a: string, b: string): boolean =>
  a.replace(/_\d+$/, '') === b.replace(/_\d+$/, '');

/** A calendar date YYYY-MM-DD that exists. */
const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((d) => {
    const day = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === d;
  }, 'must be a real date');

/** Run targets and published names: what the model graph allows. */
const targetNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,100}$/, 'must be lower snake case');

const RUNS_PREFIX = 'runs/';

/** Prefix of everything a run wrote to the curated bucket. */
const runPrefix = (runId: string): string => `${RUNS_PREFIX}${runId}/`;

/** `<stage db>.<target>__<runId>`: the run's own table of a target. */
const runTable = (catalog: AthenaCatalog, target: string, runId: string): string =>
  `${catalog.stageDatabase}.${runTableName(target, runId)}`;

/** The unqualified run table name, as Glue knows it. */
const runTableName = (target: string, runId: string): string => `${target}__${runId}`;

/** The S3 folder a run's target is written to (trailing slash). */
const runLocation = (catalog: AthenaCatalog, runId: string, target: string): string =>
  `s3://${catalog.curatedBucket}/${runPrefix(runId)}${target}/`;

/** Folder of the run manifests, in the raw bucket (kept as an audit trail). */
const MANIFESTS_PREFIX = '_manifests/';

/** A run's manifest in the raw bucket: claimed with a conditional put. */
const manifestKey = (runId: string): string => `${MANIFESTS_PREFIX}${runId}.json`;

/** The gate verdict check-gates stores and publish-night requires. */
const gatesKey = (runId: string): string => `${runPrefix(runId)}_gates.json`;

/** The one-row table whose location says which run is published. */
const POINTER_TABLE = 'pipeline_current_run';
/** curated: the pointer table's folder. */
const POINTER_PREFIX = 'published/';

/** History table of a published name. */
const historyName = (name: string): string => `${name}__history`;

/** curated: `report/`, every month's page and CSV bundle, and latest.html. */
const REPORT_PREFIX = `${REPORT_FOLDER}/`;

/** The target name render-model receives to render the gate query. */
const GATES_TARGET = 'quality_gates';

export {
  GATES_TARGET,
  gatesKey,
  historyName,
  isoDateSchema,
  manifestKey,
  MANIFESTS_PREFIX,
  POINTER_PREFIX,
  POINTER_TABLE,
  REPORT_PREFIX,
  RUNS_PREFIX,
  runIdSchema,
  runLocation,
  runPrefix,
  runTable,
  runTableName,
  sameInputs,
  targetNameSchema,
};
export type { AthenaCatalog };
