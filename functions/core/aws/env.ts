/**
 * The Lambda handlers' configuration, read from the environment once at cold
 * start. Every name is read here and nowhere else, and each value is
 * validated before it can reach an S3 key or a SQL identifier, so a typo in
 * the stack fails the first invocation with the variable's name instead of
 * producing a wrong query at night.
 */
import { ConfigInvalidError } from '../errors.js';
import { parseConfig } from '../config/pipeline-config.js';
import type { PipelineConfig } from '../config/pipeline-config.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** S3 bucket naming rules (lower case, digits, dots, hyphens; 3-63). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A Glue database name Athena accepts without quoting. */
const DATABASE = /^[a-z][a-z0-9_]{0,254}$/;
/** An Athena workgroup name (1-128 of letters, digits, `.`, `_`, `-`). */
const WORKGROUP = /^[A-Za-z0-9._-]{1,128}$/;
/** arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<suffix> */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** The value of a variable that must be set; throws naming it otherwise. */
function requiredEnv(name: string, env: Environment = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ConfigInvalidError(`Environment variable ${name} is required`);
  }
  return value;
}

function matching(name: string, pattern: RegExp, what: string, env: Environment): string {
  const value = requiredEnv(name, env);
  if (!pattern.test(value)) {
    throw new ConfigInvalidError(`Environment variable ${name} is not ${what}: ${value}`);
  }
  return value;
}

/** An S3 bucket name. */
function bucketEnv(name: string, env: Environment = process.env): string {
  return matching(name, BUCKET, 'an S3 bucket name', env);
}

/** The ARN of a Secrets Manager secret. */
function secretArnEnv(name: string, env: Environment = process.env): string {
  return matching(name, SECRET_ARN, 'a Secrets Manager secret ARN', env);
}

/** An Athena workgroup name. */
function workGroupEnv(name: string, env: Environment = process.env): string {
  return matching(name, WORKGROUP, 'an Athena workgroup name', env);
}

/** A Glue database name; it reaches SQL as an identifier, so it is checked. */
function databaseEnv(name: string, env: Environment = process.env): string {
  return matching(name, DATABASE, 'a lower-case Glue database name', env);
}

/** A whole number of at least `min`; `fallback` when the variable is unset. */
function integerEnv(
  name: string,
  fallback: number,
  min: number,
  env: Environment = process.env,
): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigInvalidError(`Environment variable ${name} must be a whole number >= ${min}: ${text}`);
  }
  return value;
}

/**
 * The pipeline settings (the same JSON as the CLI's `--config` file), from
 * one variable holding JSON; unset means all defaults.
 */
function pipelineConfigEnv(name: string, env: Environment = process.env): PipelineConfig {
  const text = env[name];
  if (text === undefined || text === '') return parseConfig({}, name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigInvalidError(`Environment variable ${name} is not valid JSON`, { cause });
  }
  return parseConfig(json, `Environment variable ${name}`);
}

export { bucketEnv, databaseEnv, integerEnv, pipelineConfigEnv, requiredEnv, secretArnEnv, workGroupEnv };
export type { Environment };
