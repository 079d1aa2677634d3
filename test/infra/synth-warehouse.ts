/**
 * Synthesizes the warehouse app the way `npx cdk synth` does (cdk.json's
 * context, cdk-nag attached), except that Lambda bundling is skipped: the
 * template is the same, and CI's `cdk synth` step covers bundling.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CrmKpiStack } from '../../infra/crm-kpi-stack.js';
import { addWarehouse, PROJECT_ROOT } from '../../infra/warehouse-app.js';

const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

interface SynthesizedWarehouse {
  readonly app: App;
  readonly stack: CrmKpiStack;
  readonly template: Template;
}

/** The app with cdk.json's context, `overrides` on top (keys with their `crm:` prefix). */
function warehouseApp(overrides: Record<string, unknown> = {}, outdir?: string): App {
  return new App({
    context: { ...cdkJson.context, ...overrides, 'aws:cdk:bundling-stacks': [] },
    ...(outdir ? { outdir } : {}),
  });
}

/** The stack and its template. */
function synthWarehouse(overrides: Record<string, unknown> = {}): SynthesizedWarehouse {
  const app = warehouseApp(overrides);
  const stack = addWarehouse(app);
  return { app, stack, template: Template.fromStack(stack) };
}

export { synthWarehouse, warehouseApp };
export type { SynthesizedWarehouse };
