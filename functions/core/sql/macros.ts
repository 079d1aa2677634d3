/**
 * The `{{ name(args) }}` template macros of the SQL models. One model text runs
 * on DuckDB (local, tests) and Athena engine v3 (Trino, production); every
 * construct whose meaning differs between the two lives here, once, with both
 * expansions side by side; test/sql/macro-cases.ts states the answers
 * both engines must give.
 *
 * Placeholders inside comments (`--` and block) and string literals are left
 * as they are: a header may show `{{ ref('x') }}` as an example without
 * creating a dependency, and a comment is harmless in the rendered SQL.
 * Placeholders may be nested inside another macro's expression arguments.
 */
import { MacroError } from '../errors.js';
import { renderLiteral } from './sql-vars.js';
import type { SqlVars } from './sql-vars.js';

/** The engines one model text must mean the same on. */
type Dialect = 'duckdb' | 'athena';

/** What rendering needs from the caller: the engine and how names resolve. */
interface RenderContext {
  readonly dialect: Dialect;
  /** Table name of another model; only the model graph produces identifiers. */
  resolveRef(name: string): string;
  /** Table name of a landed entity. */
  resolveSource(entity: string): string;
  readonly vars: SqlVars;
  /** The model file, for error messages. */
  readonly file?: string;
}

/** One argument of a placeholder: its raw text and the placeholders inside it. */
interface PlaceholderArg {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly placeholders: readonly Placeholder[];
}

/** A parsed `{{ name(args) }}`; offsets index the template text. */
interface Placeholder {
  readonly name: string;
  /** Offset of `{{`. */
  readonly start: number;
  /** Offset just after `}}`. */
  readonly end: number;
  /** Offset just after the macro name's `(`, and of the closing `)`. */
  readonly argsStart: number;
  readonly argsEnd: number;
  readonly args: readonly PlaceholderArg[];
}

/** expr: any SQL expression; name: a 'quoted_identifier'; unit: a quoted date unit. */
type ParamKind = 'expr' | 'name' | 'unit';
type Expand = (args: readonly string[], ctx: RenderContext) => string;
interface Macro {
  readonly params: readonly ParamKind[];
  readonly duckdb: Expand;
  readonly athena: Expand;
}

const units = new Set(['day', 'week', 'month', 'quarter', 'year']);
const quotedName = /^'([a-z_][a-z0-9_]*)'$/;

/** Both engines take the same text. */
function same(expand: Expand): { duckdb: Expand; athena: Expand } {
  return { duckdb: expand, athena: expand };
}

/** TRUE when the reporting time zone is UTC (or no zone was given). */
function isUtc(ctx: RenderContext): boolean {
  const zone = ctx.vars.time_zone;
  return zone === undefined || ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT'].includes(String(zone.value));
}

const truncTo =
  (unit: string): Expand =>
  ([x]) =>
    `CAST(date_trunc('${unit}', ${x}) AS DATE)`;

const addUnits =
  (unit: string): Expand =>
  ([d, n]) =>
    `CAST((${d}) + (${n}) * INTERVAL '1' ${unit} AS DATE)`;

const expr: ParamKind = 'expr';

/**
 * An amount of money divided by a count, in cents, rounded half away from
 * zero exactly: whole cents divided with the engine's integer division
 * (`//` on DuckDB, `/` of BIGINTs on Trino), never through a DOUBLE.
 */
const moneyDiv =
  (integerDivision: string): Expand =>
  ([amount, count]) => {
    const cents = `CAST(CAST(${amount} AS DECIMAL(18, 2)) * 100 AS BIGINT)`;
    const n = `CAST(${count} AS BIGINT)`;
    const quotient = `sign(${cents}) * ((2 * abs(${cents}) + ${n}) ${integerDivision} (2 * NULLIF(${n}, 0)))`;
    return `CAST(CAST(${quotient} AS DECIMAL(18, 0)) * DECIMAL '0.01' AS DECIMAL(18, 2))`;
  };

const macros: Readonly<Record<string, Macro>> = {
  ref: { params: ['name'], ...same(([n], ctx) => ctx.resolveRef(n ?? '')) },
  source: { params: ['name'], ...same(([e], ctx) => ctx.resolveSource(e ?? '')) },
  var: { params: ['name'], ...same(([n], ctx) => renderVar(n ?? '', ctx)) },
  // Kept a macro although the text is shared, so lint can ban a raw `/`:
  // DuckDB `/` is DOUBLE and x/0 is NULL; Trino truncates integers and raises.
  safe_div: {
    params: [expr, expr],
    ...same(([n, d]) => `(CAST(${n} AS DOUBLE) / NULLIF(CAST(${d} AS DOUBLE), 0))`),
  },
  // Money per unit (a CAC, an order value, a CLV per customer): DuckDB
  // divides DECIMALs as DOUBLE, where 197.13 / 6 = 32.855 is 32.85499... and
  // rounds to 32.85; this gives 32.86 on every engine. NULL for a count of 0.
  money_div: {
    params: [expr, expr],
    duckdb: moneyDiv('//'),
    athena: moneyDiv('/'),
  },
  // Complete units elapsed (Trino semantics). DuckDB date_diff counts boundaries;
  // its date_sub matched Trino date_diff on 590k pairs.
  complete_units: {
    params: ['unit', expr, expr],
    duckdb: ([u, a, b]) => `date_sub('${u}', ${a}, ${b})`,
    athena: ([u, a, b]) => `date_diff('${u}', ${a}, ${b})`,
  },
  // Calendar-month boundaries crossed: the cohort month index.
  month_index: {
    params: [expr, expr],
    ...same(([a, b]) => `((year(${b}) - year(${a})) * 12 + (month(${b}) - month(${a})))`),
  },
  // The month, quarter or year (period type t) holding a date, as
  // year * 12 + its first month: periods of one type compare as integers.
  period_number: {
    params: [expr, expr],
    ...same(
      ([t, d]) =>
        `(year(${d}) * 12 + CASE ${t} WHEN 'month' THEN month(${d}) ` +
        `WHEN 'quarter' THEN 3 * quarter(${d}) - 2 ELSE 1 END)`,
    ),
  },
  // date_trunc is TIMESTAMP in DuckDB and DATE in Trino.
  month_start: { params: [expr], ...same(truncTo('month')) },
  quarter_start: { params: [expr], ...same(truncTo('quarter')) },
  year_start: { params: [expr], ...same(truncTo('year')) },
  // DATE + INTERVAL is TIMESTAMP in DuckDB; end-of-month clamping matches.
  add_months: { params: [expr, expr], ...same(addUnits('MONTH')) },
  // The first reporting month by whose end a date has come: the date's own
  // month, or the next one when the date is after the export date (the end
  // of the current, partial month). A date is on or before the end of
  // month m exactly when reached_month(date) <= m.
  reached_month: {
    params: [expr],
    ...same((args, ctx) => {
      const month = truncTo('month')(args, ctx);
      const next = addUnits('MONTH')([month, '1'], ctx);
      return `CASE WHEN ${args[0]} > ${renderVar('as_of', ctx)} THEN ${next} ELSE ${month} END`;
    }),
  },
  add_days: { params: [expr, expr], ...same(addUnits('DAY')) },
  days_between: {
    params: [expr, expr],
    ...same(([a, b]) => `date_diff('day', CAST(${a} AS DATE), CAST(${b} AS DATE))`),
  },
  // Exact fractional hours (millisecond precision) as DOUBLE.
  // TRUE when a table has any row: whether an optional entity was exported
  // at all, so that what it would feed is NULL (unknown) rather than 0.
  has_rows: {
    params: [expr],
    ...same(([table]) => `(SELECT count(*) > 0 FROM ${table})`),
  },
  // The date a UTC timestamp falls on in the reporting time zone (config
  // timeZone), so a month holds what happened in it locally. Athena's session
  // zone is UTC, so AT TIME ZONE reads the timestamp as UTC there; DuckDB's
  // follows the session, so the timestamp is first made UTC explicitly. UTC
  // itself needs no conversion.
  local_date: {
    params: [expr],
    duckdb: ([ts], ctx) =>
      isUtc(ctx)
        ? `CAST(${ts} AS DATE)`
        : `CAST((${ts} AT TIME ZONE 'UTC') AT TIME ZONE ${renderVar('time_zone', ctx)} AS DATE)`,
    athena: ([ts], ctx) =>
      isUtc(ctx)
        ? `CAST(${ts} AS DATE)`
        : `CAST(${ts} AT TIME ZONE ${renderVar('time_zone', ctx)} AS DATE)`,
  },
  hours_between: {
    params: [expr, expr],
    duckdb: ([a, b]) => `(CAST(epoch_ms(${b}) - epoch_ms(${a}) AS DOUBLE) / 3600000)`,
    athena: ([a, b]) => `(CAST(to_milliseconds((${b}) - (${a})) AS DOUBLE) / 3600000)`,
  },
  // count_if is NULL in DuckDB when every input is NULL (Trino: 0), and
  // HUGEINT there (Trino: BIGINT); a filtered count is 0 and BIGINT on both.
  count_true: {
    params: [expr],
    ...same(([x]) => `count(*) FILTER (WHERE ${x})`),
  },
  // Sum of fractional figures (hours, days, shares) as DECIMAL(38, 9): exact,
  // so independent of the order parallel threads add in, and a rerun publishes
  // identical values (a DOUBLE sum can differ in its last bits).
  exact_sum: {
    params: [expr],
    ...same(([x]) => `sum(CAST(${x} AS DECIMAL(38, 9)))`),
  },
  // Trino's only percentile aggregate is the approximate approx_percentile,
  // so medians are exact and the same on both engines this way: number the
  // group's values with row_number() and count(*) over it, keep the rows
  // this is TRUE for (the middle one of an odd count, the two middle ones of
  // an even count) and avg them as DOUBLE.
  is_middle_row: {
    params: [expr, expr],
    ...same(
      ([position, n]) =>
        `CAST(${position} AS DOUBLE) BETWEEN CAST(${n} AS DOUBLE) * 0.5 ` +
        `AND CAST(${n} AS DOUBLE) * 0.5 + 1`,
    ),
  },
};

function renderVar(name: string, ctx: RenderContext): string {
  const literal = ctx.vars[name];
  if (!literal) {
    const known = Object.keys(ctx.vars).sort().join(', ');
    throw new MacroError(`${where(ctx.file)}unknown var '${name}' (known: ${known})`);
  }
  try {
    return renderLiteral(name, literal);
  } catch (cause) {
    throw new MacroError(`${where(ctx.file)}var '${name}' is invalid`, { cause });
  }
}

function where(file: string | undefined, sql?: string, offset?: number): string {
  const line =
    sql === undefined || offset === undefined
      ? ''
      : `line ${sql.slice(0, offset).split('\n').length}`;
  const parts = [file, line].filter((p) => p);
  return parts.length ? `${parts.join(' ')}: ` : '';
}

/**
 * Index just after the comment, string or quoted identifier starting at i, or
 * i itself. The one definition of "inert text", shared by rendering and lint.
 */
function skipInert(sql: string, i: number): number {
  const c = sql[i];
  if (c === '-' && sql[i + 1] === '-') {
    const nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length : nl;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c && sql[j + 1] === c) j += 2;
      else if (sql[j] === c) return j + 1;
      else j++;
    }
    return sql.length;
  }
  return i;
}

function parsePlaceholder(sql: string, start: number, file?: string): Placeholder {
  const fail = (at: number, message: string): never => {
    throw new MacroError(`${where(file, sql, at)}${message}`);
  };
  const head = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/y;
  head.lastIndex = start + 2;
  const m = head.exec(sql);
  if (!m?.[1]) return fail(start, "expected '{{ name(args) }}'");
  const name = m[1];
  const argsStart = head.lastIndex;
  const args: PlaceholderArg[] = [];
  let nested: Placeholder[] = [];
  let argStart = argsStart;
  let depth = 0;
  let i = argsStart;
  for (;;) {
    if (i >= sql.length) return fail(start, `unterminated macro ${name}`);
    const skipped = skipInert(sql, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const c = sql[i];
    if (c === '{' && sql[i + 1] === '{') {
      const inner = parsePlaceholder(sql, i, file);
      nested.push(inner);
      i = inner.end;
      continue;
    }
    if (c === '}' && sql[i + 1] === '}') return fail(i, `macro ${name}: missing ')'`);
    if (c === '(') depth++;
    if ((c === ',' || c === ')') && depth === 0) {
      args.push({ text: sql.slice(argStart, i), start: argStart, end: i, placeholders: nested });
      nested = [];
      argStart = i + 1;
      if (c === ')') break;
    } else if (c === ')') depth--;
    i++;
  }
  const argsEnd = i;
  const tail = /\s*\}\}/y;
  tail.lastIndex = argsEnd + 1;
  if (!tail.exec(sql)) return fail(argsEnd, `macro ${name}: expected '}}' after ')'`);
  const only = args[0];
  const empty = args.length === 1 && only && !only.text.trim() && !only.placeholders.length;
  return { name, start, end: tail.lastIndex, argsStart, argsEnd, args: empty ? [] : args };
}

/**
 * Every top-level placeholder in a template (nested ones sit in their args),
 * skipping comments and string literals. Shared with lint, so both read the
 * template the same way.
 */
function scanPlaceholders(sql: string, file?: string): Placeholder[] {
  const found: Placeholder[] = [];
  let i = 0;
  while (i < sql.length) {
    const skipped = skipInert(sql, i);
    if (skipped > i) i = skipped;
    else if (sql[i] === '{' && sql[i + 1] === '{') {
      const p = parsePlaceholder(sql, i, file);
      found.push(p);
      i = p.end;
    } else i++;
  }
  return found;
}

/** Checks name and arity, and returns each argument as the macro receives it. */
function checkArgs(p: Placeholder, sql: string, file: string | undefined): Macro {
  const macro = macros[p.name];
  const at = where(file, sql, p.start);
  if (!macro) {
    const known = Object.keys(macros).sort().join(', ');
    throw new MacroError(`${at}unknown macro '${p.name}' (known: ${known})`);
  }
  if (p.args.length !== macro.params.length) {
    throw new MacroError(
      `${at}macro ${p.name} takes ${macro.params.length} argument(s), got ${p.args.length}`,
    );
  }
  macro.params.forEach((kind, k) => {
    const text = p.args[k]?.text.trim() ?? '';
    if (kind === 'expr') {
      if (!text) throw new MacroError(`${at}macro ${p.name}: argument ${k + 1} is empty`);
      return;
    }
    const name = quotedName.exec(text)?.[1];
    if (!name || (kind === 'unit' && !units.has(name))) {
      const expected =
        kind === 'unit' ? `one of '${[...units].join("', '")}'` : "a quoted name like 'stg_orders'";
      throw new MacroError(`${at}macro ${p.name}: argument ${k + 1} must be ${expected}, got ${text}`);
    }
  });
  return macro;
}

function renderSpan(
  sql: string,
  from: number,
  to: number,
  placeholders: readonly Placeholder[],
  ctx: RenderContext,
): string {
  let out = '';
  let at = from;
  for (const p of placeholders) {
    out += sql.slice(at, p.start) + renderPlaceholder(sql, p, ctx);
    at = p.end;
  }
  return out + sql.slice(at, to);
}

function renderPlaceholder(sql: string, p: Placeholder, ctx: RenderContext): string {
  const macro = checkArgs(p, sql, ctx.file);
  const args = p.args.map((a, k) => {
    const text = renderSpan(sql, a.start, a.end, a.placeholders, ctx).trim();
    return macro.params[k] === 'expr' ? text : text.slice(1, -1);
  });
  return macro[ctx.dialect](args, ctx);
}

/** Expands every placeholder for one engine; throws MacroError on misuse. */
function renderTemplate(sql: string, ctx: RenderContext): string {
  return renderSpan(sql, 0, sql.length, scanPlaceholders(sql, ctx.file), ctx);
}

/** Models and entities a template reads, in first-use order, for the model graph. */
function findRefs(sql: string, file?: string): { refs: string[]; sources: string[] } {
  const refs = new Set<string>();
  const sources = new Set<string>();
  const visit = (p: Placeholder): void => {
    if (p.name === 'ref' || p.name === 'source') {
      checkArgs(p, sql, file);
      const name = p.args[0]?.text.trim().slice(1, -1) ?? '';
      (p.name === 'ref' ? refs : sources).add(name);
    }
    p.args.forEach((a) => a.placeholders.forEach(visit));
  };
  scanPlaceholders(sql, file).forEach(visit);
  return { refs: [...refs], sources: [...sources] };
}

export { findRefs, renderTemplate, scanPlaceholders, skipInert };
export type { Dialect, Placeholder, PlaceholderArg, RenderContext };
