/**
 * Time and money as the generator handles them: instants are integer seconds
 * since the Unix epoch, days are integer day numbers since 1970-01-01 and
 * money is integer cents. Formatting goes through lookup tables because the
 * big entities format tens of millions of timestamps per run and
 * Date#toISOString would dominate the run time.
 */

/** Seconds per day: instants and day numbers convert with it (all UTC). */
const DAY_SECONDS = 86_400;
const DAY_MS = DAY_SECONDS * 1000;

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) =>
  String(i).padStart(2, '0'),
);

function twoDigits(n: number): string {
  return TWO_DIGITS[n] ?? String(n);
}

/** Day number of a `YYYY-MM-DD` string, or undefined when it is not a real date. */
function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number);
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

/** `YYYY-MM-DD` of a day number (slow path; hot paths use TimeFormat). */
function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Same day of month `months` later (overflowing like Date does: Jan 31 + 1 = Mar 3). */
function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  return (
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + months,
      date.getUTCDate(),
    ) / DAY_MS
  );
}

/** Calendar year of a day number, for per-year wallet estimates. */
function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Day number of 1 January: wallet periods are calendar years. */
function firstDayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Cents as a contract money value: `.` separator, exactly two decimals. */
function formatCents(cents: number): string {
  const abs = cents < 0 ? -cents : cents;
  const whole = Math.floor(abs / 100);
  return (cents < 0 ? '-' : '') + whole + '.' + twoDigits(abs - whole * 100);
}

/**
 * Formats days and instants with a precomputed table of date strings for the
 * window the simulation lives in (days outside it fall back to Date).
 */
class TimeFormat {
  private readonly firstDay: number;
  private readonly dates: readonly string[];

  constructor(firstDay: number, lastDay: number) {
    this.firstDay = firstDay;
    this.dates = Array.from({ length: lastDay - firstDay + 1 }, (_, i) =>
      dayToIso(firstDay + i),
    );
  }

  date(day: number): string {
    return this.dates[day - this.firstDay] ?? dayToIso(day);
  }

  /** `2025-03-04T10:15:00Z`, the usual shape. */
  utc(seconds: number): string {
    return this.local(seconds) + 'Z';
  }

  /** Same instant written with a positive offset, e.g. `2025-03-04T12:15:00+02:00`. */
  withOffset(seconds: number, offsetMinutes: number): string {
    const hh = twoDigits(Math.floor(offsetMinutes / 60));
    return (
      this.local(seconds + offsetMinutes * 60) +
      '+' +
      hh +
      ':' +
      twoDigits(offsetMinutes % 60)
    );
  }

  /** No offset at all: the reader applies its configured time zone (UTC by default). */
  naive(seconds: number): string {
    return this.local(seconds);
  }

  private local(seconds: number): string {
    const s = Math.floor(seconds);
    const day = Math.floor(s / DAY_SECONDS);
    let rest = s - day * DAY_SECONDS;
    const hours = Math.floor(rest / 3600);
    rest -= hours * 3600;
    const minutes = Math.floor(rest / 60);
    return (
      this.date(day) +
      'T' +
      twoDigits(hours) +
      ':' +
      twoDigits(minutes) +
      ':' +
      twoDigits(rest - minutes * 60)
    );
  }
}

export {
  addMonths,
  DAY_SECONDS,
  dayToIso,
  firstDayOfYear,
  formatCents,
  parseDay,
  TimeFormat,
  weekdayOf,
  yearOfDay,
};
