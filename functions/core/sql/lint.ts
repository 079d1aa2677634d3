/**
 * Lint for SQL model templates: what the Trino grammar cannot see. A query can
 * parse on both engines and still mean different things (integer `/`, date
 * differences, date_trunc's type, DECIMAL avg), or be DuckDB-only syntax that
 * Trino happens to accept as an alias (`QUALIFY`, `ASOF`). The rules are an
 * allow-list where possible.
 *
 * Runs on the template text before rendering. Comments are skipped, string
 * literals are single tokens, and a `{{ macro(args) }}` is an opaque token
 * whose expression arguments are still linted. Not checked (needs types or
 * scopes): GROUP BY a select alias, reused aliases, `||` on non-VARCHAR,
 * greatest/least on nullable arguments, round on DECIMAL, rounding to cents
 * of a DOUBLE column (only a visible round(safe_div(..), 2) is caught).
 */
import { MacroError } from '../errors.js';
import { scanPlaceholders, skipInert } from './macros.js';
import type { Placeholder } from './macros.js';

/** One problem, located in the original template (1-based line and column). */
interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly message: string;
}

interface Token {
  readonly kind: 'word' | 'string' | 'number' | 'quoted' | 'op' | 'macro' | 'macroEnd';
  /** Source text; upper-cased for words, a macro's name for macro tokens. */
  readonly text: string;
  readonly offset: number;
}

interface Hit {
  readonly rule: string;
  readonly offset: number;
  readonly message: string;
}

type Rule = (tokens: readonly Token[], pairs: ReadonlyMap<number, number>) => Hit[];

const ops = ['::', '//', '<=', '>=', '<>', '!=', '||', '->', '=>', '=='];

function tokenize(
  sql: string,
  from: number,
  to: number,
  placeholders: readonly Placeholder[],
  out: Token[],
): void {
  let next = 0;
  let i = from;
  while (i < to) {
    const p = placeholders[next];
    if (p && p.start === i) {
      out.push({ kind: 'macro', text: p.name, offset: i });
      p.args.forEach((a, k) => {
        if (k > 0) out.push({ kind: 'op', text: ',', offset: a.start - 1 });
        tokenize(sql, a.start, a.end, a.placeholders, out);
      });
      out.push({ kind: 'macroEnd', text: p.name, offset: p.argsEnd });
      i = p.end;
      next++;
      continue;
    }
    const c = sql[i] ?? '';
    const skipped = skipInert(sql, i);
    if (skipped > i) {
      if (c === "'") out.push({ kind: 'string', text: sql.slice(i + 1, skipped - 1), offset: i });
      if (c === '"') out.push({ kind: 'quoted', text: sql.slice(i, skipped), offset: i });
      i = skipped;
      continue;
    }
    const word = /[A-Za-z_][A-Za-z0-9_$]*|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;
    word.lastIndex = i;
    const m = word.exec(sql);
    if (m) {
      const isWord = /[A-Za-z_]/.test(c);
      out.push({ kind: isWord ? 'word' : 'number', text: isWord ? m[0].toUpperCase() : m[0], offset: i });
      i = word.lastIndex;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      const op = ops.find((o) => sql.startsWith(o, i)) ?? c;
      out.push({ kind: 'op', text: op, offset: i });
      i += op.length;
    }
  }
}

/** Index of the matching close token for every `(` and macro token. */
function pairUp(tokens: readonly Token[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === 'macro' || (t.kind === 'op' && t.text === '(')) open.push(i);
    if (t.kind === 'macroEnd' || (t.kind === 'op' && t.text === ')')) {
      const o = open.pop();
      if (o !== undefined) pairs.set(o, i);
    }
  });
  return pairs;
}

const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  t?.kind === 'word' && words.includes(t.text);
const isOp = (t: Token | undefined, op: string): boolean => t?.kind === 'op' && t.text === op;
const isCall = (tokens: readonly Token[], i: number): boolean =>
  tokens[i]?.kind === 'word' && isOp(tokens[i + 1], '(') && !isOp(tokens[i - 1], '.');

/** Unqualified keyword sequences that are DuckDB-only or not a query. */
const bannedSequences: readonly { rule: string; words: string[]; message: string }[] = [
  { rule: 'qualify', words: ['QUALIFY'], message: 'QUALIFY is DuckDB-only: filter row_number() in a CTE' },
  { rule: 'exclude', words: ['EXCLUDE'], message: 'EXCLUDE is DuckDB-only: list the columns' },
  { rule: 'ilike', words: ['ILIKE'], message: 'ILIKE is DuckDB-only: use lower(x) LIKE' },
  { rule: 'group-by-all', words: ['GROUP', 'BY', 'ALL'], message: 'GROUP BY ALL means a set quantifier in Trino: list expressions or ordinals' },
  { rule: 'group-by-all', words: ['ORDER', 'BY', 'ALL'], message: 'ORDER BY ALL is DuckDB-only: list expressions or ordinals' },
  { rule: 'with-recursive', words: ['WITH', 'RECURSIVE'], message: 'WITH RECURSIVE is experimental on Trino (depth 10)' },
  { rule: 'timestamptz', words: ['TIMESTAMPTZ'], message: 'time zone types follow the session zone in DuckDB: store UTC TIMESTAMP' },
  { rule: 'timestamptz', words: ['WITH', 'TIME', 'ZONE'], message: 'time zone types follow the session zone in DuckDB: store UTC TIMESTAMP' },
  { rule: 'timestamptz', words: ['AT', 'TIME', 'ZONE'], message: 'AT TIME ZONE returns different types on DuckDB and Trino: store UTC TIMESTAMP' },
  { rule: 'ignore-nulls', words: ['IGNORE', 'NULLS'], message: 'IGNORE NULLS is written differently on DuckDB and Trino: avoid it' },
  { rule: 'offset', words: ['OFFSET'], message: 'OFFSET order differs (Trino: OFFSET before LIMIT): avoid it in transforms' },
  ...['ASOF', 'POSITIONAL', 'ANTI', 'SEMI', 'PIVOT', 'UNPIVOT', 'SAMPLE'].map((w) => ({
    rule: 'duckdb-only-keyword',
    words: [w],
    message: `${w} is DuckDB-only (Trino may read it as an alias)`,
  })),
  ...['CREATE', 'INSERT', 'DROP', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'ATTACH', 'DETACH', 'PRAGMA', 'SET', 'ALTER', 'TRUNCATE', 'INSTALL', 'VACUUM', 'OPTIMIZE'].map(
    (w) => ({
      rule: 'query-only',
      words: [w],
      message: `${w}: model files hold one query; the engine layer writes DDL/DML`,
    }),
  ),
];

const bannedWords: Rule = (tokens) =>
  tokens.flatMap((t, i) =>
    bannedSequences
      .filter((b) => !isOp(tokens[i - 1], '.') && b.words.every((w, k) => isWord(tokens[i + k], w)))
      .map((b) => ({ rule: b.rule, offset: t.offset, message: b.message })),
  );

const bannedOps: Rule = (tokens) =>
  tokens.flatMap((t) => {
    if (t.kind !== 'op') return [];
    if (t.text === '::') return [{ rule: 'double-colon-cast', offset: t.offset, message: '`::` is DuckDB-only: use CAST(x AS type)' }];
    if (t.text === '//') return [{ rule: 'integer-division-op', offset: t.offset, message: '`//` is DuckDB-only' }];
    if (t.text === '/') {
      return [{ rule: 'raw-division', offset: t.offset, message: '`/` truncates integers and raises on 0 in Trino: use {{ safe_div(n, d) }}' }];
    }
    return [];
  });

const queryShape: Rule = (tokens) => {
  const hits: Hit[] = [];
  const first = tokens[0];
  if (first && !isWord(first, 'SELECT', 'WITH') && !isOp(first, '(')) {
    hits.push({ rule: 'query-only', offset: first.offset, message: 'a model is one query starting with SELECT or WITH' });
  }
  tokens.forEach((t, i) => {
    if (isOp(t, ';') && i < tokens.length - 1) {
      hits.push({ rule: 'query-only', offset: t.offset, message: 'one statement per model file' });
    }
  });
  return hits;
};

const plainTimestamp = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$/;
const timestampLiteral: Rule = (tokens) =>
  tokens.flatMap((t, i) => {
    const lit = tokens[i + 1];
    if (!isWord(t, 'TIMESTAMP') || lit?.kind !== 'string' || plainTimestamp.test(lit.text)) return [];
    return [{ rule: 'timestamp-with-offset', offset: lit.offset, message: "TIMESTAMP literal must be 'YYYY-MM-DD hh:mm:ss' (UTC, no offset or zone)" }];
  });

const dateLike = /^\d{4}-\d{2}-\d{2}/;
const dateStringLiteral: Rule = (tokens) =>
  tokens.flatMap((t, i) => {
    if (t.kind !== 'string' || !dateLike.test(t.text)) return [];
    if (isWord(tokens[i - 1], 'DATE', 'TIMESTAMP')) return [];
    if (isOp(tokens[i - 1], '(') && isWord(tokens[i - 2], 'CAST', 'TRY_CAST')) return [];
    return [{ rule: 'date-string-literal', offset: t.offset, message: "Trino does not compare DATE with VARCHAR: write DATE '…'" }];
  });

const intervalUnits = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];
const intervalForm: Rule = (tokens) =>
  tokens.flatMap((t, i) => {
    if (!isWord(t, 'INTERVAL')) return [];
    const lit = tokens[i + 1];
    const ok =
      lit?.kind === 'string' &&
      /^\d+$/.test(lit.text) &&
      isWord(tokens[i + 2], ...intervalUnits) &&
      !isWord(tokens[i + 3], 'TO');
    return ok ? [] : [{ rule: 'interval-form', offset: t.offset, message: "write INTERVAL 'n' UNIT (YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)" }];
  });

const dateDiffNames = ['DATE_DIFF', 'DATE_SUB', 'DATEDIFF', 'DATE_ADD', 'DATESUB'];
const dateDiffDirect: Rule = (tokens) =>
  tokens.flatMap((t, i) =>
    isCall(tokens, i) && dateDiffNames.includes(t.text)
      ? [{ rule: 'date-diff-direct', offset: t.offset, message: `${t.text.toLowerCase()} differs between engines: use {{ complete_units }}, {{ days_between }}, {{ month_index }} or {{ add_days }}/{{ add_months }}` }]
      : [],
  );

const dateTruncInCast: Rule = (tokens, pairs) =>
  tokens.flatMap((t, i) => {
    if (!isCall(tokens, i) || t.text !== 'DATE_TRUNC') return [];
    const close = pairs.get(i + 1) ?? -1;
    const castClose = pairs.get(i - 1);
    const ok =
      isWord(tokens[i - 2], 'CAST', 'TRY_CAST') &&
      isWord(tokens[close + 1], 'AS') &&
      isWord(tokens[close + 2], 'DATE', 'TIMESTAMP') &&
      castClose === close + 3;
    return ok ? [] : [{ rule: 'date-trunc-outside-cast', offset: t.offset, message: 'date_trunc is TIMESTAMP in DuckDB and DATE in Trino: use {{ month_start(x) }} or CAST(date_trunc(…) AS DATE)' }];
  });

const doubleMacros = ['safe_div', 'hours_between'];
/** avg(DECIMAL) is DECIMAL in Trino and DOUBLE in DuckDB: the argument must visibly be DOUBLE. */
const avgOnDouble: Rule = (tokens, pairs) =>
  tokens.flatMap((t, i) => {
    if (!isCall(tokens, i) || t.text !== 'AVG') return [];
    const close = pairs.get(i + 1) ?? -1;
    const first = isWord(tokens[i + 2], 'DISTINCT') ? i + 3 : i + 2;
    const head = tokens[first];
    const castEnd = pairs.get(first + 1);
    const isDoubleCast =
      isWord(head, 'CAST', 'TRY_CAST') &&
      castEnd === close - 1 &&
      isWord(tokens[close - 2], 'DOUBLE') &&
      isWord(tokens[close - 3], 'AS');
    const isDoubleMacro =
      head?.kind === 'macro' && doubleMacros.includes(head.text) && pairs.get(first) === close - 1;
    return isDoubleCast || isDoubleMacro
      ? []
      : [{ rule: 'avg-on-double', offset: t.offset, message: 'avg(DECIMAL) is DECIMAL in Trino: write avg(CAST(x AS DOUBLE))' }];
  });

/**
 * A quotient rounded to cents through a DOUBLE loses half-cent ties
 * (197.13 / 6 = 32.855 becomes 32.85): money per unit is money_div.
 */
const moneyThroughDouble: Rule = (tokens, pairs) =>
  tokens.flatMap((t, i) => {
    if (!isCall(tokens, i) || t.text !== 'ROUND') return [];
    const head = tokens[i + 2];
    const afterQuotient = head?.kind === 'macro' && head.text === 'safe_div' ? (pairs.get(i + 2) ?? -1) + 1 : -1;
    const toCents = tokens[afterQuotient]?.text === ',' && tokens[afterQuotient + 1]?.text === '2';
    return toCents
      ? [{ rule: 'money-through-double', offset: t.offset, message: 'round(safe_div(..), 2) loses half-cent ties: use {{ money_div(amount, count) }}' }]
      : [];
  });

const portableFunctions = new Set(
  ('count sum min max avg bool_and bool_or max_by min_by stddev_samp var_samp corr ' +
    'row_number rank dense_rank ntile percent_rank cume_dist lag lead first_value last_value ' +
    'abs ceil floor round sqrt power ln exp log10 mod sign length lower upper trim ltrim rtrim ' +
    'substr replace strpos split_part lpad rpad starts_with concat_ws year month day quarter hour ' +
    'minute second date_trunc coalesce nullif greatest least grouping')
    .toUpperCase()
    .split(' '),
);
/** Words that take a parenthesis without being a function call. */
const syntaxBeforeParen = new Set(
  ('CAST TRY_CAST IN EXISTS VALUES OVER FILTER AS FROM JOIN ON USING AND OR NOT WHEN THEN ELSE ' +
    'CASE WHERE HAVING SELECT BY UNION ALL EXCEPT INTERSECT DISTINCT LIKE BETWEEN SETS').split(' '),
);
/** Trino has no exact percentile: the portable exact median instead. */
const EXACT_MEDIAN =
  'Trino has only the approximate approx_percentile: number the values with row_number() and ' +
  'count(*) over the group and avg those where {{ is_middle_row(position, n) }} (see kpi_service_monthly)';
const hints: Readonly<Record<string, string>> = {
  CONCAT: 'concat skips NULLs in DuckDB only: use a || coalesce(b, \'\')',
  IF: 'use CASE WHEN',
  IFNULL: 'use coalesce',
  EXTRACT: 'use year()/month()/day()/quarter()',
  DATE_PART: 'use year()/month()/day()/quarter()',
  LAST_DAY: 'use {{ add_days({{ add_months({{ month_start(d) }}, 1) }}, -1) }}',
  STRFTIME: "use substr(CAST(d AS VARCHAR), 1, 7) for 'YYYY-MM'",
  DATE_FORMAT: "use substr(CAST(d AS VARCHAR), 1, 7) for 'YYYY-MM'",
  MEDIAN: EXACT_MEDIAN,
  QUANTILE_CONT: EXACT_MEDIAN,
  APPROX_PERCENTILE: EXACT_MEDIAN,
  SUBSTRING: 'use substr',
  LOG: 'log(x) is log10 in DuckDB: use log10 or ln',
  EVERY: 'use bool_and',
  EPOCH_MS: 'use {{ hours_between(a, b) }}',
  COUNT_IF: 'use {{ count_true(x) }}: DuckDB count_if is NULL when every input is NULL (Trino: 0)',
  DATE: 'use CAST(x AS DATE)',
};
const functionAllowList: Rule = (tokens, pairs) =>
  tokens.flatMap((t, i) => {
    if (t.kind !== 'word' || !isOp(tokens[i + 1], '(')) return [];
    if (portableFunctions.has(t.text) || syntaxBeforeParen.has(t.text) || dateDiffNames.includes(t.text)) return [];
    if (isWord(tokens[i - 1], 'AS')) return []; // type parameters, alias column lists
    const after = (pairs.get(i + 1) ?? -1) + 1;
    if (isWord(tokens[after], 'AS') && isOp(tokens[after + 1], '(')) return []; // CTE column list
    const name = t.text.toLowerCase();
    const hint = hints[t.text] ?? (name.startsWith('regexp') ? 'regular expressions differ between engines' : undefined);
    return [{ rule: 'function-allow-list', offset: t.offset, message: `${name}() is not in the portable allow-list${hint ? `: ${hint}` : ''}` }];
  });

const rules: readonly Rule[] = [
  bannedWords,
  bannedOps,
  queryShape,
  timestampLiteral,
  dateStringLiteral,
  intervalForm,
  dateDiffDirect,
  dateTruncInCast,
  avgOnDouble,
  moneyThroughDouble,
  functionAllowList,
];

function locate(sql: string, file: string, hit: Hit): LintFinding {
  const before = sql.slice(0, hit.offset);
  const line = before.split('\n').length;
  const column = hit.offset - before.lastIndexOf('\n');
  return { file, line, column, rule: hit.rule, message: hit.message };
}

/** Portability findings for one model template, in file order. */
function lintModelSql(sql: string, file: string): LintFinding[] {
  let placeholders: Placeholder[];
  try {
    placeholders = scanPlaceholders(sql, file);
  } catch (error) {
    if (!(error instanceof MacroError)) throw error;
    return [{ file, line: 1, column: 1, rule: 'macro-syntax', message: error.message }];
  }
  const tokens: Token[] = [];
  tokenize(sql, 0, sql.length, placeholders, tokens);
  const pairs = pairUp(tokens);
  return rules
    .flatMap((rule) => rule(tokens, pairs))
    .sort((a, b) => a.offset - b.offset)
    .map((hit) => locate(sql, file, hit));
}

/** The header (leading `--` lines) must state the grain and the key: docs and catalog read it. */
function lintHeader(sql: string, file: string): LintFinding[] {
  const header: string[] = [];
  for (const line of sql.replace(/^\s*\n/, '').split('\n')) {
    if (!line.trim().startsWith('--')) break;
    header.push(line.trim());
  }
  const finding = (message: string): LintFinding => ({ file, line: 1, column: 1, rule: 'header', message });
  if (!header.length) return [finding('a model starts with a -- header comment stating grain: and key:')];
  return (['grain', 'key'] as const)
    .filter((label) => !header.some((l) => new RegExp(`^--\\s*${label}\\s*:\\s*\\S`, 'i').test(l)))
    .map((label) => finding(`the header has no "-- ${label}: …" line`));
}

export { lintHeader, lintModelSql };
export type { LintFinding };
