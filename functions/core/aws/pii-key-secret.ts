/**
 * The personal-data key from Secrets Manager, validated like the CLI's
 * (at least 16 characters) and never echoed: errors name the secret, not
 * its value. Read once per Lambda container; a failed read is not cached,
 * so the next invocation tries again.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigInvalidError } from '../errors.js';
import { parsePiiKey } from '../pii/pii-hash.js';

/** The key held by the secret; throws ConfigInvalidError when unusable. */
async function readPiiKey(client: SecretsManagerClient, secretArn: string): Promise<string> {
  const source = `the personal-data key secret ${secretArn}`;
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    throw new ConfigInvalidError(`${source} does not exist or has no value yet`, { cause: error });
  }
  if (text === undefined) {
    throw new ConfigInvalidError(`${source} holds no text: store the key as a secret string`);
  }
  return parsePiiKey(text, source);
}

/** `readPiiKey` for one container: the first success is reused. */
function cachedPiiKey(client: () => SecretsManagerClient, secretArn: string): () => Promise<string> {
  let key: Promise<string> | undefined;
  return () => {
    key ??= readPiiKey(client(), secretArn).catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
}

export { cachedPiiKey };
