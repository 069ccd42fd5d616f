/**
 * 每日一练's rules, pure: which questions a member gets on a day (a seeded draw, the same for the
 * same member, day and pools), and the streak of days completed.
 */
import { rng } from "@/lib/core/rng";
import { addDays } from "@/lib/core/time";

/** A 32-bit seed from (member, day), FNV-1a over "member:day". */
export function dailySeed(memberId: number, day: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${memberId}:${day}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The questions a draw chooses from, in the order preferred: the 错题本 first, then never practised, then the rest. */
export interface DailyPools {
  book: readonly number[];
  unpractised: readonly number[];
  rest: readonly number[];
}

/**
 * Draws `n` distinct questions: each pool shuffled by the seeded generator (Fisher–Yates over the
 * pool sorted by id, so the order the database returned them in does not matter), taken in order
 * of preference until `n` are chosen. Fewer when the pools hold fewer.
 */
export function drawDaily(pools: DailyPools, n: number, seed: number): number[] {
  const next = rng(seed);
  const chosen: number[] = [];
  const seen = new Set<number>();
  for (const pool of [pools.book, pools.unpractised, pools.rest]) {
    const ids = [...new Set(pool)].filter((id) => !seen.has(id)).sort((a, b) => a - b);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    for (const id of ids) {
      if (chosen.length >= n) return chosen;
      chosen.push(id);
      seen.add(id);
    }
  }
  return chosen;
}

/**
 * The streak on `today`: the consecutive days completed ending today, or ending yesterday while
 * today's set is still open (a streak is not broken before the day is over). 0 after a missed day.
 */
export function streakOf(completedDays: Iterable<string>, today: string): number {
  const done = new Set(completedDays);
  let day = done.has(today) ? today : addDays(today, -1);
  let n = 0;
  while (done.has(day)) {
    n += 1;
    day = addDays(day, -1);
  }
  return n;
}

/** The last `count` days up to today, oldest first, each marked completed or not (the calendar strip). */
export function recentDays(completedDays: Iterable<string>, today: string, count: number): { day: string; done: boolean }[] {
  const done = new Set(completedDays);
  return Array.from({ length: count }, (_, i) => {
    const day = addDays(today, i - count + 1);
    return { day, done: done.has(day) };
  });
}
