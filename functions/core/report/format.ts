/**
 * How the report writes numbers: money exact to the cent in the reporting
 * currency (from the DECIMAL text, never through a float), counts with
 * thousands separators, shares as percentages, changes with their sign.
 * One locale (en-US) so a report reads the same wherever it was built.
 */

/** Shown for NULL: no value, or a ratio whose denominator is zero. */
const NA = '–';

const LOCALE = 'en-US';
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** `1234567` -> `1,234,567` on a string of digits. */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Cents of a decimal text, rounded half away from zero. */
function toCents(text: string): { negative: boolean; cents: bigint } {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) throw new TypeError(`not a decimal number: ${text}`);
  const fraction = match[3] ?? '';
  let cents = BigInt(`${match[2]}${fraction.slice(0, 2).padEnd(2, '0')}`);
  if ((fraction[2] ?? '0') >= '5') cents += 1n;
  return { negative: match[1] === '-' && cents !== 0n, cents };
}

const currencyTemplates = new Map<string, Intl.NumberFormatPart[]>();

/** The locale's currency layout (symbol, spacing) for `currency`. */
function currencyTemplate(currency: string): Intl.NumberFormatPart[] {
  let parts = currencyTemplates.get(currency);
  if (!parts) {
    parts = new Intl.NumberFormat(LOCALE, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).formatToParts(1);
    currencyTemplates.set(currency, parts);
  }
  return parts;
}

/**
 * Money to the cent: `-$12,607.62`. Takes the DECIMAL text the engine
 * returns (a number is accepted for DOUBLE money and fixed to 2 places).
 */
function formatMoney(value: string | number | null, currency: string): string {
  if (value === null) return NA;
  const { negative, cents } = toCents(typeof value === 'number' ? value.toFixed(2) : value);
  const units = groupDigits((cents / 100n).toString());
  const fraction = (cents % 100n).toString().padStart(2, '0');
  const body = currencyTemplate(currency)
    .map((p) => (p.type === 'integer' ? units : p.type === 'fraction' ? fraction : p.value))
    .join('');
  return negative ? `-${body}` : body;
}

/** Axis ticks of money charts, whole units: `$1,200`. Never used for figures. */
function formatMoneyTick(value: number, currency: string): string {
  return new Intl.NumberFormat(LOCALE, {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }).format(value);
}

/** Money change with an explicit sign: `+$1,234.56`, `-$0.10`, `$0.00`. */
function formatMoneyChange(value: string | null, currency: string): string {
  const text = formatMoney(value, currency);
  return value !== null && toCents(value).cents !== 0n && !text.startsWith('-') ? `+${text}` : text;
}

const countFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** Whole numbers: `1,995`. */
function formatCount(value: number | null): string {
  return value === null ? NA : countFormat.format(value);
}

/** A signed whole number: `+80`, `-3`, `0`. */
function formatCountChange(value: number | null): string {
  if (value === null) return NA;
  return value > 0 ? `+${formatCount(value)}` : formatCount(value);
}

/** A number with fixed decimals and separators: `3.88`, `1,234.5`. */
function formatDecimal(value: number | null, digits: number): string {
  if (value === null) return NA;
  return new Intl.NumberFormat(LOCALE, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

function signed(text: string, value: number): string {
  return value > 0 && !/^[0.,]+$/.test(text) ? `+${text}` : text;
}

/** A 0-1 share as a percentage: `94.5%`. */
function formatShare(value: number | null, digits = 1): string {
  return value === null ? NA : `${formatDecimal(value * 100, digits)}%`;
}

/** A change of a 0-1 share in percentage points: `+0.3 pp`. */
function formatShareChange(value: number | null): string {
  return value === null ? NA : `${signed(formatDecimal(value * 100, 1), value)} pp`;
}

/** A multiple such as CLV:CAC or return on relationship: `4.80×`. */
function formatMultiple(value: number | null): string {
  return value === null ? NA : `${formatDecimal(value, 2)}×`;
}

/** A change of a multiple: `-0.44×`. */
function formatMultipleChange(value: number | null): string {
  return value === null ? NA : `${signed(formatDecimal(value, 2), value)}×`;
}

/** NPS, -100 to 100: `5.3`. */
function formatNps(value: number | null): string {
  return formatDecimal(value, 1);
}

/** A change of NPS in NPS points: `+8.3 pts`. */
function formatNpsChange(value: number | null): string {
  return value === null ? NA : `${signed(formatDecimal(value, 1), value)} pts`;
}

function monthIndex(iso: string): { year: string; month: number } {
  return { year: iso.slice(0, 4), month: Number(iso.slice(5, 7)) - 1 };
}

/** `2026-10-01` -> `October 2026`. */
function formatMonth(iso: string): string {
  const { year, month } = monthIndex(iso);
  return `${MONTHS[month] ?? '?'} ${year}`;
}

/** `2026-10-01` -> `Oct 2026`. */
function formatMonthShort(iso: string): string {
  const { year, month } = monthIndex(iso);
  return `${(MONTHS[month] ?? '?').slice(0, 3)} ${year}`;
}

/** `2026-11-01` -> `1 Nov 2026`. */
function formatDay(iso: string): string {
  return `${Number(iso.slice(8, 10))} ${formatMonthShort(iso)}`;
}

export {
  formatCount,
  formatCountChange,
  formatDay,
  formatDecimal,
  formatMoney,
  formatMoneyChange,
  formatMoneyTick,
  formatMonth,
  formatMonthShort,
  formatMultiple,
  formatMultipleChange,
  formatNps,
  formatNpsChange,
  formatShare,
  formatShareChange,
  NA,
};
