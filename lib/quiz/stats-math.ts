/**
 * The arithmetic of quiz statistics, pure and free of the database: the data access functions
 * (stats.ts, stats-items.ts) let SQL reduce the rows to counts and sums, and finish here.
 *
 * Scores arrive as a frequency table (value → how many members): a percentage has two
 * decimals, so a unit of 5,000 members still has only a few hundred distinct values, and the
 * median and the bands come out exactly without sending one row per member.
 */

/** A value and how many times it occurs; counts are positive integers. */
export interface Frequency {
  value: number;
  count: number;
}

/** Ten bands of ten percentage points; 100 belongs to the last one (90–100). */
export const BAND_COUNT = 10;

/** The band (0–9) a percentage falls in: [0,10), [10,20), …, [90,100]. Out-of-range values are clamped. */
export function bandOf(percent: number): number {
  // In hundredths, so 29.99 and 30 land where they are written, whatever the binary noise.
  const b = Math.floor(Math.round(percent * 100) / 1000);
  return Math.min(BAND_COUNT - 1, Math.max(0, b));
}

/** The lower and upper bound of a band, in percent. */
export function bandRange(band: number): [number, number] {
  return [band * 10, band * 10 + 10];
}

export function frequencies(values: readonly number[]): Frequency[] {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([value, count]) => ({ value, count }));
}

function total(freq: readonly Frequency[]): number {
  let n = 0;
  for (const f of freq) n += f.count;
  return n;
}

/** The mean of a frequency table; null when it is empty. */
export function meanOf(freq: readonly Frequency[]): number | null {
  const n = total(freq);
  if (n === 0) return null;
  let s = 0;
  for (const f of freq) s += f.value * f.count;
  return s / n;
}

/** The median of a frequency table (the mean of the two middle values for an even count); null when empty. */
export function medianOf(freq: readonly Frequency[]): number | null {
  const n = total(freq);
  if (n === 0) return null;
  const sorted = [...freq].filter((f) => f.count > 0).sort((a, b) => a.value - b.value);
  // 0-based ranks of the middle value(s).
  const lo = Math.floor((n - 1) / 2);
  const hi = Math.floor(n / 2);
  let seen = 0;
  let loValue: number | null = null;
  for (const f of sorted) {
    const last = seen + f.count - 1;
    if (loValue === null && lo <= last) loValue = f.value;
    if (hi <= last) return (loValue! + f.value) / 2;
    seen += f.count;
  }
  return null; // unreachable: n > 0
}

/** How many values fall in each of the ten bands. */
export function bandsOf(freq: readonly Frequency[]): number[] {
  const out = new Array<number>(BAND_COUNT).fill(0);
  for (const f of freq) out[bandOf(f.value)]! += f.count; // bandOf is a band: 0 to BAND_COUNT − 1
  return out;
}

export const mean = (xs: readonly number[]): number | null => meanOf(frequencies(xs));
export const median = (xs: readonly number[]): number | null => medianOf(frequencies(xs));
export const bands = (xs: readonly number[]): number[] => bandsOf(frequencies(xs));

/**
 * Co-moments of paired values: `sxx` = Σ(x − x̄)², `syy` = Σ(y − ȳ)², `sxy` = Σ(x − x̄)(y − ȳ),
 * or all three multiplied by the same positive factor (SQL hands in n² times them, exactly).
 */
export interface CoMoments {
  n: number;
  sxx: number;
  syy: number;
  sxy: number;
}

/**
 * Pearson's correlation from co-moments, in [−1, 1]; null when it is not defined: fewer than
 * two pairs, or either side without variance (everyone scored the same).
 */
export function correlation(m: CoMoments): number | null {
  if (m.n < 2 || !(m.sxx > 0) || !(m.syy > 0)) return null;
  const r = m.sxy / Math.sqrt(m.sxx * m.syy);
  if (!Number.isFinite(r)) return null;
  return Math.max(-1, Math.min(1, r));
}

/** Co-moments of two equally long lists, centred in two passes (no cancellation from raw sums). */
export function coMoments(xs: readonly number[], ys: readonly number[]): CoMoments {
  if (xs.length !== ys.length) throw new RangeError("pearson: the lists differ in length");
  const n = xs.length;
  if (n === 0) return { n, sxx: 0, syy: 0, sxy: 0 };
  let mx = 0;
  let my = 0;
  // Both lists are n long (checked above).
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let qx = 0;
  let qy = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    const dx = x - mx;
    const dy = y - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
    qx += x * x;
    qy += y * y;
  }
  // A mean that is not exact in binary leaves crumbs of variance on a constant list: below this
  // share of the raw sum of squares it is rounding, not spread.
  const crumb = 1e-12;
  return { n, sxx: sxx <= crumb * qx ? 0 : sxx, syy: syy <= crumb * qy ? 0 : syy, sxy };
}

/** Pearson's correlation of two equally long lists; null when not defined (see `correlation`). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  return correlation(coMoments(xs, ys));
}

/** Two decimals, half away from zero, for figures that are shown and compared. */
export function round2(x: number): number {
  const r = (Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9)) / 100;
  return r === 0 ? 0 : r; // never -0
}

/** What a unit's (or the whole quiz's) results of record come to. */
export interface ScoreSummary {
  /** Members with a result. */
  n: number;
  /** Mean and median percentage, two decimals; null with no results. */
  mean: number | null;
  median: number | null;
  passed: number;
  /** Share of results that passed, in percent with two decimals; null with no results. */
  passRate: number | null;
  /** Members per band of ten percentage points (see `bandOf`). */
  bands: number[];
}

/** Sums up results given as percentages with how many members had each and how many of those passed. */
export function summarise(freq: readonly (Frequency & { passed: number })[]): ScoreSummary {
  const n = total(freq);
  let passedN = 0;
  for (const f of freq) passedN += f.passed;
  const m = meanOf(freq);
  const med = medianOf(freq);
  return {
    n,
    mean: m === null ? null : round2(m),
    median: med === null ? null : round2(med),
    passed: passedN,
    passRate: n === 0 ? null : round2((passedN * 100) / n),
    bands: bandsOf(freq),
  };
}

/** A share in percent with two decimals; null when there is nothing to share. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : round2((part * 100) / whole);
}

/** Below this many responses a question is not flagged: a handful of answers proves nothing. */
export const FLAG_MIN_RESPONSES = 5;

export type ItemFlag = "negativeDiscrimination" | "nobodyRight" | "everyoneRight";

/**
 * Why a question looks faulty. Negative discrimination (those who did worse on the rest of the
 * quiz did better on this one: often a wrong key or a misleading stem) and nobody right
 * (facility 0: a wrong key, or a question nobody was taught) are warnings; everyone right
 * (facility 100) only says the question tells nobody apart.
 */
export function itemFlags(item: { responses: number; facility: number | null; discrimination: number | null }): ItemFlag[] {
  if (item.responses < FLAG_MIN_RESPONSES) return [];
  const out: ItemFlag[] = [];
  if (item.discrimination !== null && item.discrimination < 0) out.push("negativeDiscrimination");
  if (item.facility === 0) out.push("nobodyRight");
  if (item.facility === 100) out.push("everyoneRight");
  return out;
}

export const WARNING_FLAGS: readonly ItemFlag[] = ["negativeDiscrimination", "nobodyRight"];
