/**
 * The report's colours: one blue for the main series, an orange that stays
 * distinct from it for colour-blind readers, and a white-to-navy ramp for
 * the heatmaps. Good and bad are never shown by colour alone (signs and
 * symbols carry them too).
 */

const COLORS = {
  primary: '#1f5f99',
  secondary: '#c26a12',
  good: '#2e7d32',
  bad: '#b3261e',
  neutral: '#8a939c',
  grid: '#e2e6ea',
  axis: '#5b6570',
  text: '#1b1f24',
} as const;

const LOW: readonly [number, number, number] = [241, 246, 251];
const HIGH: readonly [number, number, number] = [11, 61, 110];

/** Heatmap fill for a value in [0, 1] (clamped). */
function heatColor(value: number): string {
  const t = Math.min(1, Math.max(0, value));
  const channel = (i: 0 | 1 | 2): string =>
    Math.round(LOW[i] + (HIGH[i] - LOW[i]) * t)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** Text colour that stays readable on `heatColor(value)`. */
function heatTextColor(value: number): string {
  return value > 0.5 ? '#ffffff' : COLORS.text;
}

export { COLORS, heatColor, heatTextColor };
