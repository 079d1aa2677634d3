/**
 * Seeded randomness for the demo generator. Generated exports must be
 * byte-identical for the same options (tests compare hashes, benchmarks
 * compare runs), so nothing here touches Math.random() or the clock.
 */

/**
 * Mixes integers into one 32-bit seed (murmur3 finaliser per part). Each
 * customer gets its own stream derived from (seed, stream, index), so what a
 * customer looks like does not depend on how many draws earlier customers made.
 */
function deriveSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * mulberry32: tiny, fast and good enough for simulation; the generator draws
 * tens of millions of numbers per run, so speed matters more than
 * cryptographic quality.
 */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Standard normal (Box-Muller; the second value is dropped for simplicity). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Lognormal parameterised by its median, which is how amounts are described. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Gamma(shape, scale) by Marsaglia-Tsang: heterogeneity of purchase rates. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) {
      return this.gamma(shape + 1, scale) * this.next() ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = (1 + c * x) ** 3;
      if (
        v > 0 &&
        Math.log(1 - this.next()) < 0.5 * x * x + d - d * v + d * Math.log(v)
      ) {
        return d * v * scale;
      }
    }
  }

  /** Poisson counts; Knuth's method is fine for the small means used here. */
  poisson(mean: number): number {
    if (mean > 30)
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/**
 * Picks values by relative weight with a precomputed cumulative table, since
 * the same vocabularies (channels, categories, countries) are drawn millions
 * of times.
 */
class WeightedPicker<T> {
  private readonly values: readonly T[];
  private readonly cumulative: readonly number[];

  constructor(entries: readonly (readonly [T, number])[]) {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let running = 0;
    this.values = entries.map(([value]) => value);
    this.cumulative = entries.map(([, weight]) => (running += weight / total));
  }

  pick(rng: Rng): T {
    const r = rng.next();
    let i = 0;
    while (i < this.cumulative.length - 1 && r >= (this.cumulative[i] ?? 1))
      i += 1;
    const value = this.values[i];
    if (value === undefined)
      throw new Error('pick from an empty weighted list');
    return value;
  }
}

export { deriveSeed, Rng, WeightedPicker };
