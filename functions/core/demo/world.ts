/**
 * The fixed frame one generator run simulates in: the two export dates, the
 * history window, the acquisition curve and the id sequences. Everything that
 * is derived from the options once lives here so the simulation modules only
 * take (world, customer, rng).
 *
 * Time line, with E the last export date and F = E - 1:
 * history runs from E - `months` to the end of F. The bulk export (dated F)
 * holds what happened before F 00:00Z; the incremental export (dated E) holds
 * day F. So no row is ever later than the start of its own export date.
 */
import { addMonths, DAY_SECONDS, TimeFormat } from './calendar.js';

/** Acquisitions per day grow linearly to (1 + GROWTH) times the first day's. */
const GROWTH = 2;

/** Ids like `O000123`: a prefix and a zero-padded counter. */
class IdSequence {
  private counter = 0;

  constructor(
    private readonly prefix: string,
    private readonly width: number,
  ) {}

  next(): string {
    this.counter += 1;
    return this.prefix + String(this.counter).padStart(this.width, '0');
  }
}

interface WorldOptions {
  readonly customers: number;
  readonly seed: number;
  /** Day number of the last export date. */
  readonly exportDay: number;
  readonly months: number;
}

/** The frame of one run; see the module comment for the time line. */
class World {
  readonly customers: number;
  readonly seed: number;
  /** Last export date E (the incremental export). */
  readonly exportDay: number;
  /** Bulk export date F = E - 1, also the last day of history. */
  readonly bulkDay: number;
  readonly historyStartDay: number;
  readonly historyStart: number;
  /** F 00:00Z: rows before it go to the bulk export. */
  readonly cutoff: number;
  /** E 00:00Z: nothing is simulated at or after it. */
  readonly horizon: number;
  readonly time: TimeFormat;
  readonly ids: {
    readonly order: IdSequence;
    readonly contract: IdSequence;
    readonly ticket: IdSequence;
    readonly response: IdSequence;
    readonly lead: IdSequence;
    readonly deal: IdSequence;
  };
  private readonly customerIdWidth: number;

  constructor(options: WorldOptions) {
    this.customers = options.customers;
    this.seed = options.seed;
    this.exportDay = options.exportDay;
    this.bulkDay = options.exportDay - 1;
    this.historyStartDay = addMonths(options.exportDay, -options.months);
    this.historyStart = this.historyStartDay * DAY_SECONDS;
    this.cutoff = this.bulkDay * DAY_SECONDS;
    this.horizon = options.exportDay * DAY_SECONDS;
    this.time = new TimeFormat(
      this.historyStartDay - 400,
      options.exportDay + 800,
    );
    this.customerIdWidth = String(options.customers).length;
    const width = String(options.customers * 10).length;
    this.ids = {
      order: new IdSequence('O', String(options.customers * 100).length),
      contract: new IdSequence('CT', width),
      ticket: new IdSequence('T', width),
      response: new IdSequence('R', width),
      lead: new IdSequence('L', width),
      deal: new IdSequence('D', width),
    };
  }

  customerId(index: number): string {
    return 'C' + String(index + 1).padStart(this.customerIdWidth, '0');
  }

  /**
   * Acquisition instant for a position in [0, 1) along the customer base: the
   * inverse of the growing acquisition curve. Customers are drawn in id order
   * with stratified positions, so ids are roughly chronological like in a CRM.
   */
  acquisitionAt(position: number): number {
    const u =
      (Math.sqrt(1 + 2 * GROWTH * position * (1 + GROWTH / 2)) - 1) / GROWTH;
    return this.historyStart + u * (this.horizon - this.historyStart);
  }

  /** Expected acquisitions on one day (same curve), for budgets that must match it. */
  expectedAcquisitionsOn(day: number): number {
    const days = this.exportDay - this.historyStartDay;
    const u = (day + 0.5 - this.historyStartDay) / days;
    return (this.customers * (1 + GROWTH * u)) / (1 + GROWTH / 2) / days;
  }
}

export { World };
