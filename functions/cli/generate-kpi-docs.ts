/**
 * `npm run docs`: regenerates docs/kpis.md from the model headers and the
 * published column types (a night on the bundled sample exports), and
 * docs/export-contract.md from the contract.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { entities } from '../core/contract/entities.js';
import { renderContractReference } from '../core/docs/contract-reference.js';
import { renderKpiReference } from '../core/docs/kpi-reference.js';
import { publishedSchemas } from '../core/local/published-schemas.js';
import { loadModels } from '../core/models/model-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<void> {
  const models = await loadModels(`${root}sql`);
  const schemas = await publishedSchemas(models, `${root}sample-exports`, `${root}sql`);
  await writeFile(`${root}docs/kpis.md`, renderKpiReference(models, schemas));
  process.stdout.write(`wrote docs/kpis.md (${schemas.size} tables)\n`);
  await writeFile(`${root}docs/export-contract.md`, renderContractReference(entities));
  process.stdout.write(`wrote docs/export-contract.md (${entities.length} entities)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
