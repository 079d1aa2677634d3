/**
 * The npm scripts' command lines: `--help` lists every option with its
 * default and the exit codes, a mistyped option gets the usage line and the
 * nearest option (exit 1, bad input), a missing exports folder is said to be
 * missing and leaves nothing behind, and the summary shows why rows were
 * rejected and every stage's time.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nearestOption, parseCommandLine } from '../../functions/cli/command-line.js';
import type { CommandSpec } from '../../functions/cli/command-line.js';
import { ConfigInvalidError } from '../../functions/core/errors.js';
import { runCli } from '../trust/cli-process.js';

const schema = z.object({ warehouse: z.string().default('warehouse'), force: z.boolean().default(false) }).strict();
const spec: CommandSpec<typeof schema> = {
  command: 'npm start --',
  summary: 'Runs the night.',
  options: {
    warehouse: { type: 'string', value: '<dir>', help: 'where it goes (default: warehouse)' },
    force: { type: 'boolean', help: 'publish anyway' },
  },
  schema,
  footer: 'Exit codes: 0 published',
};

describe('Function: parseCommandLine', () => {
  it('parses and validates, filling defaults', () => {
    expect(parseCommandLine(['--force'], spec)).toEqual({ help: false, args: { warehouse: 'warehouse', force: true } });
  });

  it('answers --help and -h with every option, its default and the footer', () => {
    for (const flag of ['--help', '-h']) {
      const parsed = parseCommandLine(['--warehouse', 'x', flag], spec);
      expect(parsed.help).toBe(true);
      if (!parsed.help) continue;
      expect(parsed.text).toContain('usage: npm start -- [--warehouse <dir>] [--force]');
      expect(parsed.text).toMatch(/--warehouse <dir>\s+where it goes \(default: warehouse\)/);
      expect(parsed.text).toMatch(/--force\s+publish anyway/);
      expect(parsed.text).toContain('Exit codes: 0 published');
    }
  });

  it('names the nearest option of a mistyped one, as bad input', () => {
    const parse = () => parseCommandLine(['--forse'], spec);
    expect(parse).toThrow(ConfigInvalidError);
    expect(parse).toThrow('unknown option --forse; did you mean --force?\nusage: npm start -- [--warehouse <dir>] [--force]');
  });

  it('gives the usage line for a missing value or a value that does not validate', () => {
    expect(() => parseCommandLine(['--warehouse'], spec)).toThrow(/--warehouse <value>.*\nusage: npm start --/s);
    expect(() => parseCommandLine(['--warehouse', ''], { ...spec, schema: z.object({ warehouse: z.string().min(1) }) })).toThrow(
      /^--warehouse: .*\nusage: npm start --/s,
    );
  });
});

describe('Function: nearestOption', () => {
  it.each([
    ['forse', 'force'],
    ['warehous', 'warehouse'],
    ['export', 'exports'],
    ['exportdate', 'export-date'],
    ['colour', null],
  ])('%s -> %s', (typed, expected) => {
    expect(nearestOption(typed, ['exports', 'export-date', 'warehouse', 'force', 'config'])).toBe(expected);
  });
});

describe('npm start (command line)', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-cli-'));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('prints its usage, options and exit codes on --help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const option of ['--exports', '--warehouse', '--export-date', '--config', '--memory-limit', '--force', '--engine', '--trino-url']) {
      expect(result.stdout).toContain(option);
    }
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stderr).toBe('');
  });

  it('exits 1 on an unknown option with the nearest one, publishing nothing', async () => {
    const result = await runCli(['--forse']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown option --forse; did you mean --force?');
    expect(result.stderr).toContain('usage: npm start --');
  });

  it('says a missing exports folder does not exist and writes no warehouse', async () => {
    const warehouse = join(workDir, 'never');
    const result = await runCli(['--exports', join(workDir, 'no-such-folder'), '--warehouse', warehouse]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the exports folder ${join(workDir, 'no-such-folder')} does not exist`);
    await expect(access(warehouse)).rejects.toThrow();
  });

  it('shows the reject reasons per entity and every stage, parquet and report included', async () => {
    const result = await runCli(['--warehouse', join(workDir, 'demo')]);
    expect(result.code).toBe(0);
    // The bundled exports reject 8 orders for 8 different reasons: 3 shown, 5 summed up.
    expect(result.stdout).toContain('Why rows were rejected');
    expect(result.stdout).toMatch(/ {2}orders:\n( {4}1 x .+\n){3} {4}and 5 other reasons\n/);
    expect(result.stdout).toMatch(/\nparquet\s+\d+\.\d\d\n/);
    expect(result.stdout).toMatch(/\nreport\s+\d+\.\d\d\n/);
  });
});
