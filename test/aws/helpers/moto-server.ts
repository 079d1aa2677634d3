/**
 * A moto server on 127.0.0.1 for tests of the S3, Glue, Athena and Secrets
 * Manager calls: started by the test (beforeAll), stopped by it (afterAll),
 * on a free port, with dummy credentials. Clients get the endpoint explicitly; the
 * handler tests get it through AWS_ENDPOINT_URL, as the SDK reads it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

interface MotoServer {
  readonly endpoint: string;
  readonly s3: S3Client;
  readonly glue: GlueClient;
  readonly athena: AthenaClient;
  readonly secrets: SecretsManagerClient;
  /** Creates a secret holding `value`; returns its ARN. */
  createSecret(name: string, value: string): Promise<string>;
  /** Queues results that moto's GetQueryResults hands out, first in first out. */
  seedAthenaResults(results: readonly { rows: string[][]; columns: { name: string; type: string }[] }[]): Promise<void>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('moto did not start within 20 s');
}

/** Starts moto; the caller must stop() it. */
async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  await waitUntilUp(endpoint, child);
  const config = { endpoint, region: REGION, credentials: CREDENTIALS };
  const secrets = new SecretsManagerClient(config);
  return {
    endpoint,
    s3: new S3Client({ ...config, forcePathStyle: true }),
    glue: new GlueClient(config),
    athena: new AthenaClient(config),
    secrets,
    async createSecret(name, value) {
      const { ARN } = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: value }));
      if (!ARN) throw new Error(`moto returned no ARN for secret ${name}`);
      return ARN;
    },
    async seedAthenaResults(results) {
      const response = await fetch(`${endpoint}/moto-api/static/athena/query-results`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          region: REGION,
          results: results.map((r) => ({
            rows: r.rows.map((row) => ({ Data: row.map((v) => (v === '\u0000' ? {} : { VarCharValue: v })) })),
            column_info: r.columns.map((c) => ({ Name: c.name, Label: c.name, Type: c.type })),
          })),
        }),
      });
      if (response.status !== 201) throw new Error(`seeding Athena results failed: ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Environment that points the handlers' default clients at moto. */
function motoEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  };
}

export { motoEnvironment, startMoto };
export type { MotoServer };
