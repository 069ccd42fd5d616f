// Latency bookkeeping for the benches: every request is kept (kind, when, how long, status), so
// percentiles can be cut by phase or by minute after the run.

export interface Sample {
  /** ms since the phase's clock started */
  t: number;
  /** latency in ms (request written → whole response read) */
  ms: number;
  /** HTTP status; 0 for a network error or a timeout */
  status: number;
}

export interface Summary {
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(samples: Sample[]): Summary {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => s.status < 200 || s.status > 299).length;
  const mean = ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : NaN;
  return { n: ms.length, errors, p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), max: ms[ms.length - 1] ?? NaN, mean };
}

export const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "–");
export const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
export const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");

export function triple(s: Summary): string {
  return `${f1(s.p50)} / ${f1(s.p95)} / ${f1(s.p99)}`;
}

/** p95 per time bucket: shows whether the tail comes from the start burst, the steady state or the submits. */
export function timeline(samples: Sample[], bucketMs: number): { from: number; n: number; p50: number; p95: number; errors: number }[] {
  const buckets = new Map<number, Sample[]>();
  for (const s of samples) {
    const b = Math.floor(s.t / bucketMs);
    let arr = buckets.get(b);
    if (!arr) {
      arr = [];
      buckets.set(b, arr);
    }
    arr.push(s);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, arr]) => {
      const s = summarise(arr);
      return { from: (b * bucketMs) / 1000, n: s.n, p50: s.p50, p95: s.p95, errors: s.errors };
    });
}

export { rng } from "../../lib/core/rng";
