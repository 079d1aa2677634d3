/**
 * Axis arithmetic shared by the SVG charts: "nice" tick values (1, 2, 2.5
 * or 5 times a power of ten) and linear mapping from values to pixels.
 */

/** Pixel coordinates rounded to 0.1 so the SVG text stays short and stable. */
function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * About `count` evenly spaced round values covering [min, max]; the first
 * tick is at or below min and the last at or above max.
 */
function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let t = first; t < max + step * 0.999; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle. */
function linearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

export { linearScale, niceTicks, px };
