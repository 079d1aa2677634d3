/**
 * The formula and unit of a published column, read from what the model
 * header and the column type already say, so the catalog a BI tool queries
 * needs no second, hand-kept description that could drift from the SQL.
 */

/** Operators between terms, written with spaces as the headers write them. */
const OPERATOR = / (?:\/|\+|-|x|\*|<=|>=|<|>) /;

/** Cuts `text` at the first `stop` character outside parentheses. */
function cutAtTopLevel(text: string, stops: readonly string[]): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && stops.some((s) => text.startsWith(s, i))) return text.slice(0, i);
  }
  return text;
}

/** Drops trailing `(...)` remarks such as "(NULL when nobody was acquired)". */
function dropTrailingRemarks(text: string): string {
  let result = text.trim();
  while (result.endsWith(')')) {
    let depth = 0;
    let open = -1;
    for (let i = result.length - 1; i >= 0; i--) {
      if (result[i] === ')') depth++;
      else if (result[i] === '(' && --depth === 0) {
        open = i;
        break;
      }
    }
    if (open <= 0) break;
    result = result.slice(0, open).trim();
  }
  return result;
}

/**
 * The arithmetic a column is computed by, when its description starts with
 * one ("acquisition_spend / new_customers (NULL when ...)", "CRM user
 * adoption = active_users / users_seen"); null for a plain definition.
 */
function columnFormula(description: string): string | null {
  const clause = cutAtTopLevel(description, ['; ', ', ']);
  const named = /^[A-Za-z][\w .'-]*? = (.+)$/.exec(clause);
  const formula = dropTrailingRemarks(named?.[1] ?? clause);
  // "0 when revenue_12m <= 0; else ..." is a case list, not one formula.
  return OPERATOR.test(formula) && !/ when /.test(formula) ? formula : null;
}

/** A value range stated in the description, e.g. "0-100" or "1 to 7". */
function statedRange(description: string): string | null {
  const match = /\b(\d+)(?: \(\w+\))? ?(?:-|to) ?(\d+)(?: \(\w+\))?\b/.exec(description);
  return match ? `${match[1]}-${match[2]}` : null;
}

interface ColumnFacts {
  readonly column: string;
  /** Engine type as published, e.g. DECIMAL(18,2). */
  readonly type: string;
  readonly description: string;
  /** ISO 4217 code money is published in. */
  readonly currency: string;
}

type UnitRule = (facts: ColumnFacts, type: string) => string | null | undefined;

/** Words of a description saying a quotient can fall outside 0-1. */
const UNBOUNDED = /\b(above 1|below 0|negative|can exceed)\b/;

/** The first rule that answers (not undefined) names the unit. */
const UNIT_RULES: readonly UnitRule[] = [
  (_, type) => (type === 'DATE' ? 'date' : undefined),
  (_, type) => (type.startsWith('TIMESTAMP') ? 'timestamp (UTC)' : undefined),
  (_, type) => (type === 'BOOLEAN' ? 'true/false' : undefined),
  (_, type) => (type === 'VARCHAR' ? null : undefined),
  // retention_cost_per_retained is money published as DOUBLE.
  (f, type) => (type.startsWith('DECIMAL') || f.column.includes('_cost_') ? f.currency : undefined),
  (f) => (f.column.includes('hours') ? 'hours' : undefined),
  (f) => (/(^|_)days(_|$)/.test(f.column) ? 'days' : undefined),
  (f) => (/(^|_)months(_|$)/.test(f.column) ? 'months' : undefined),
  (f) => (/^nps(_change)?$/.test(f.column) ? 'NPS points (-100 to 100)' : undefined),
  (f) => (f.column.endsWith('_score_sum') ? 'sum of scores' : undefined),
  (f, type) => {
    if (!/(_score|_points|_total|_mean)$/.test(f.column)) return undefined;
    const range = statedRange(f.description);
    if (range) return `score ${range}`;
    return type === 'DOUBLE' ? 'score 0-1' : 'score';
  },
  // The change of a share is a difference of two shares, -1 to 1.
  (f, type) =>
    type === 'DOUBLE' && /(_rate|_share|share_of_wallet|^csat|zero_churn_retention)(_month)?_change$/.test(f.column)
      ? 'share points (-1 to 1)'
      : undefined,
  // A quotient its description says can leave 0-1 is a ratio, not a share.
  (f, type) => (type === 'DOUBLE' && UNBOUNDED.test(f.description) ? 'ratio' : undefined),
  (f, type) =>
    type === 'DOUBLE' && /(_rate|_share|share_of_wallet|^csat|zero_churn_retention)(_month)?$/.test(f.column)
      ? 'share 0-1'
      : undefined,
  (_, type) => (type === 'DOUBLE' ? 'ratio' : undefined),
  (f) => (/(_quarter|_week|_of_month|_of_week|_of_year|_position)$/.test(f.column) ? 'ordinal' : undefined),
  (f) => (/(^|_)year$/.test(f.column) ? 'year' : undefined),
  () => 'count',
];

/**
 * What a column's number means (currency code, share 0-1, count, days...),
 * or null for text. Inferred from the column's name, type and description,
 * in the order of UNIT_RULES.
 */
function columnUnit(facts: ColumnFacts): string | null {
  const type = facts.type.toUpperCase();
  for (const rule of UNIT_RULES) {
    const unit = rule(facts, type);
    if (unit !== undefined) return unit;
  }
  return null;
}

export { columnFormula, columnUnit };
export type { ColumnFacts };
