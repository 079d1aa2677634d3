/**
 * The command lines of the npm scripts, from one declaration per command:
 * the parser, `--help` (every option, its default, the exit codes) and the
 * answer to a mistyped option (the usage line and the nearest option).
 * Bad arguments are bad input, so they raise ConfigInvalidError (exit 1),
 * never a crash (exit 2).
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { ConfigInvalidError } from '../core/errors.js';

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** The value's placeholder in the usage, e.g. `<dir>`. */
  readonly value?: string;
  /** One line; says the default where there is one. */
  readonly help: string;
}

interface CommandSpec<Schema extends z.ZodTypeAny> {
  /** How a user types it, e.g. `npm start --`. */
  readonly command: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Validates the parsed values (types, ranges, defaults). */
  readonly schema: Schema;
  /** Printed after the options: exit codes, environment. */
  readonly footer: string;
}

type ParsedCommand<Schema extends z.ZodTypeAny> =
  | { readonly help: true; readonly text: string }
  | { readonly help: false; readonly args: z.infer<Schema> };

const HELP = ['--help', '-h'];
const USAGE_WIDTH = 96;

const flag = (name: string, option: OptionSpec): string =>
  `--${name}${option.value ? ` ${option.value}` : ''}${option.multiple ? '...' : ''}`;

/** `usage: <command> [--option <value>] ...`, wrapped under the first option. */
function usageLine(spec: CommandSpec<z.ZodTypeAny>): string {
  const head = `usage: ${spec.command} `;
  const lines = [head];
  for (const option of Object.entries(spec.options).map(([name, o]) => `[${flag(name, o)}]`)) {
    const last = lines.length - 1;
    const line = lines[last] ?? '';
    if (line.trim().length > 0 && line.length + option.length > USAGE_WIDTH && line !== head) {
      lines.push(`${' '.repeat(head.length)}${option} `);
    } else lines[last] = `${line}${option} `;
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}

function helpText(spec: CommandSpec<z.ZodTypeAny>): string {
  const rows = [
    ...Object.entries(spec.options).map(([name, option]) => [flag(name, option), option.help] as const),
    ['-h, --help', 'this text'] as const,
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  const options = rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`).join('\n');
  return `${usageLine(spec)}\n\n${spec.summary}\n\nOptions:\n${options}\n\n${spec.footer}\n`;
}

/** Edit distance: insertions, deletions and substitutions. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The option a mistyped name most likely meant, if any is close. */
function nearestOption(typed: string, names: readonly string[]): string | null {
  // A prefix either way counts as one edit; ties go to the fewer real edits.
  const ranked = names
    .map((name) => {
      const edits = distance(typed, name);
      return { name, edits, d: name.startsWith(typed) || typed.startsWith(name) ? Math.min(1, edits) : edits };
    })
    .sort((x, y) => x.d - y.d || x.edits - y.edits || x.name.localeCompare(y.name));
  const best = ranked[0];
  return best && best.d <= Math.max(2, Math.floor(typed.length / 3)) ? best.name : null;
}

/** Why parseArgs refused the arguments, said for a person. */
function argumentError(cause: unknown, spec: CommandSpec<z.ZodTypeAny>): ConfigInvalidError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (unknown) {
    const typed = unknown[2] ?? '';
    const nearest = nearestOption(typed, Object.keys(spec.options));
    const hint = nearest ? `; did you mean --${nearest}?` : '';
    return new ConfigInvalidError(`unknown option ${unknown[1]}${typed}${hint}\n${usageLine(spec)}`, { cause });
  }
  return new ConfigInvalidError(`${message.split('. To specify')[0]}\n${usageLine(spec)}`, { cause });
}

/** Parses and validates `argv` for the command, or returns the help text it asked for. */
function parseCommandLine<Schema extends z.ZodTypeAny>(
  argv: readonly string[],
  spec: CommandSpec<Schema>,
): ParsedCommand<Schema> {
  if (argv.some((a) => HELP.includes(a))) return { help: true, text: helpText(spec) };
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, multiple: o.multiple ?? false }]),
  );
  let values: unknown;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (cause) {
    throw argumentError(cause, spec);
  }
  const parsed = spec.schema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigInvalidError(`${problems}\n${usageLine(spec)}`);
  }
  return { help: false, args: parsed.data as z.infer<Schema> };
}

export { nearestOption, parseCommandLine };
export type { CommandSpec };
