/**
 * The environment variables of the handlers, by name, in one place (the
 * stack sets the same names: infra/constructs/pipeline-functions.ts ENV).
 * Each handler reads the ones it needs at cold start.
 */
import { join } from 'node:path';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { bucketEnv, databaseEnv, integerEnv, pipelineConfigEnv, secretArnEnv, workGroupEnv } from './env.js';
import type { Environment } from './env.js';
import type { AthenaCatalog } from './run-layout.js';

/** The names, as the stack sets them. */
const ENV_NAMES = {
  rawBucket: 'RAW_BUCKET',
  curatedBucket: 'CURATED_BUCKET',
  rawDatabase: 'RAW_DATABASE',
  stageDatabase: 'STAGE_DATABASE',
  kpiDatabase: 'KPI_DATABASE',
  pipelineConfig: 'PIPELINE_CONFIG',
  retentionDays: 'ROLLBACK_RETENTION_DAYS',
  sqlDir: 'SQL_DIR',
  piiKeySecretArn: 'PII_KEY_SECRET_ARN',
  workGroup: 'ATHENA_WORKGROUP',
} as const;

/** The raw bucket (exports and run manifests). */
const rawBucketSetting = (env: Environment = process.env): string => bucketEnv(ENV_NAMES.rawBucket, env);

/** The secret holding the personal-data key (land-exports). */
const piiKeySecretSetting = (env: Environment = process.env): string =>
  secretArnEnv(ENV_NAMES.piiKeySecretArn, env);

/** The Athena workgroup the report step queries the published tables in. */
const workGroupSetting = (env: Environment = process.env): string => workGroupEnv(ENV_NAMES.workGroup, env);

/** Databases and the curated bucket the engine writes to. */
function catalogSetting(env: Environment = process.env): AthenaCatalog {
  return {
    rawDatabase: databaseEnv(ENV_NAMES.rawDatabase, env),
    stageDatabase: databaseEnv(ENV_NAMES.stageDatabase, env),
    kpiDatabase: databaseEnv(ENV_NAMES.kpiDatabase, env),
    curatedBucket: bucketEnv(ENV_NAMES.curatedBucket, env),
  };
}

/** The pipeline settings JSON; unset means the defaults. */
const pipelineConfigSetting = (env: Environment = process.env): PipelineConfig =>
  pipelineConfigEnv(ENV_NAMES.pipelineConfig, env);

/** Days a superseded run stays available for rollback. @default 30 */
const retentionDaysSetting = (env: Environment = process.env): number =>
  integerEnv(ENV_NAMES.retentionDays, 30, 1, env);

/**
 * Where the SQL models are: SQL_DIR, else `sql/` in the Lambda task root
 * (the bundle copies sql/ there), else `sql/` in the working directory.
 */
const sqlDirSetting = (env: Environment = process.env): string =>
  env[ENV_NAMES.sqlDir] || join(env.LAMBDA_TASK_ROOT || process.cwd(), 'sql');

export {
  catalogSetting,
  ENV_NAMES,
  pipelineConfigSetting,
  piiKeySecretSetting,
  rawBucketSetting,
  retentionDaysSetting,
  sqlDirSetting,
  workGroupSetting,
};
