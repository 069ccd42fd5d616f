/**
 * A small seeded generator (mulberry32): the demo's second load makes the same people, and a
 * bench's random choices can be repeated (bench/lib/stats.ts uses it too), and the daily practice set is drawn with it. Not for secrets.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
