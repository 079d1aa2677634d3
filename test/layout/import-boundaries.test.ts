/**
 * The layout's rules, read from the import statements: engine-neutral
 * folders import no engine's folder, the night plan no engine's code, and
 * the CDK app imports from the functions only modules of names and specs,
 * none with SDK code at run time.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlDir } from '../helpers/run-fixture.js';

const root = dirname(sqlDir);
const core = join(root, 'functions', 'core');

/**
 * Engine-neutral: the contract, settings, models, macros, PII rules, the
 * report, the demo data, the KPI documentation and the reading of export
 * files.
 */
const NEUTRAL = ['contract', 'config', 'csv', 'models', 'sql', 'pii', 'report', 'demo', 'docs', 'exports'];
/** Each engine's own code, and what drives the engines. */
const ENGINES = ['duckdb', 'trino', 'aws', 'plan', 'local', 'parity'];
/** The night plan and its rules, which every engine executes: it may read Athena's layout names, no engine's code. */
const PLAN = 'plan';
const PLAN_MAY_NOT_IMPORT = ['duckdb', 'trino', 'local', 'parity'];

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

/** The files a module imports at run time (type-only imports left out), resolved. */
async function runtimeImports(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)].map(([, spec = '']) =>
    spec.startsWith('.') ? resolve(dirname(file), spec.replace(/\.js$/, '.ts')) : spec,
  );
}

/** The AWS SDK and Lambda packages a module imports at run time. */
async function sdkImports(file: string): Promise<string[]> {
  return (await runtimeImports(file)).filter((m) => m.startsWith('@aws-sdk/') || m.startsWith('@aws-lambda'));
}

describe('Layout: import boundaries', () => {
  it('keeps the engine-neutral folders free of every engine folder', async () => {
    const crossings: string[] = [];
    for (const folder of NEUTRAL) {
      for (const file of await tsFiles(join(core, folder))) {
        for (const target of await runtimeImports(file)) {
          const top = relative(core, target).split('/')[0] ?? '';
          if (ENGINES.includes(top)) crossings.push(`${relative(root, file)} -> ${relative(root, target)}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });

  it("keeps the night plan free of every engine's code (Athena layout names aside)", async () => {
    const crossings: string[] = [];
    for (const file of await tsFiles(join(core, PLAN))) {
      for (const target of await runtimeImports(file)) {
        const top = relative(core, target).split('/')[0] ?? '';
        const sdk = top === 'aws' && (await sdkImports(target)).length > 0;
        if (PLAN_MAY_NOT_IMPORT.includes(top) || sdk) crossings.push(`${relative(root, file)} -> ${relative(root, target)}`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it('lets the CDK app import only names and specs, never SDK code', async () => {
    const reached = new Set<string>();
    for (const file of await tsFiles(join(root, 'infra'))) {
      for (const target of await runtimeImports(file)) {
        if (target.startsWith(join(root, 'functions'))) reached.add(target);
      }
    }
    const sdk: string[] = [];
    for (const module of reached) {
      if ((await sdkImports(module)).length > 0) sdk.push(relative(root, module));
    }
    expect(reached.size).toBeGreaterThan(3);
    expect(sdk).toEqual([]);
  });
});
