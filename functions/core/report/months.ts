/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC, for choosing the
 * report's months; the published tables already hold every business date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: string): [number, number, number] {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new TypeError(`not a YYYY-MM-DD date: ${iso}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function isoOf(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** First day of the month `n` months after the month of `iso`. */
function addMonths(iso: string, n: number): string {
  const [year, month] = parts(iso);
  return isoOf(year, month + n, 1);
}

/** First day of the month of `iso`. */
function monthStart(iso: string): string {
  return addMonths(iso, 0);
}

/** Last day of the month of `iso`. */
function monthEnd(iso: string): string {
  const [year, month] = parts(iso);
  return isoOf(year, month + 1, 0);
}

/** First day of the calendar quarter of `iso`. */
function quarterStart(iso: string): string {
  const [year, month] = parts(iso);
  return isoOf(year, month - ((month - 1) % 3), 1);
}

/** First day of the calendar year of `iso`. */
function yearStart(iso: string): string {
  const [year] = parts(iso);
  return isoOf(year, 1, 1);
}

/** Month starts from `first` to `last` inclusive. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = monthStart(first); m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

export { addMonths, monthEnd, monthsBetween, quarterStart, yearStart };
