import { describe, expect, it } from "vitest";
import { drawPreferring, drawRandomSlot } from "@/lib/quiz/shuffle";

/** The mock exam's blueprint draw (lib/quiz drawQuestions with `avoid`): a slot's count from its pool, other questions first. */
const pool = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1 }));
const ids = (r: { ok: boolean; questions?: { id: number }[] }) => (r.ok ? r.questions!.map((q) => q.id) : []);

describe("drawPreferring (模拟考试 blueprint)", () => {
  it("with nothing to avoid it is the quiz's own draw, seed for seed", () => {
    for (const seed of ["a", "b", "c"]) expect(drawPreferring(pool(10), 3, seed, new Set())).toEqual(drawRandomSlot(pool(10), 3, seed));
  });

  it("keeps the slot's rule: that many distinct questions from the pool", () => {
    for (let s = 0; s < 50; s++) {
      const got = ids(drawPreferring(pool(10), 4, `s${s}`, new Set([1, 2, 3])));
      expect(got).toHaveLength(4);
      expect(new Set(got).size).toBe(4);
      for (const id of got) expect(id).toBeGreaterThanOrEqual(1);
      for (const id of got) expect(id).toBeLessThanOrEqual(10);
    }
  });

  it("avoids the real attempt's questions when the pool has enough others", () => {
    const avoid = new Set([1, 2, 3, 4, 5, 6]);
    for (let s = 0; s < 50; s++) {
      const got = ids(drawPreferring(pool(10), 4, `s${s}`, avoid));
      expect(got.sort((a, b) => a - b)).toEqual([7, 8, 9, 10]);
    }
    const seen = new Set<number>();
    for (let s = 0; s < 50; s++) for (const id of ids(drawPreferring(pool(10), 2, `t${s}`, new Set([1, 2])))) seen.add(id);
    expect([...seen].some((id) => id <= 2)).toBe(false);
    expect(seen.size).toBeGreaterThan(4);
  });

  it("falls back to them when the pool is small: every other question, the rest from the avoided ones", () => {
    const avoid = new Set([1, 2, 3, 4]);
    const fromAvoided = new Set<number>();
    for (let s = 0; s < 50; s++) {
      const got = ids(drawPreferring(pool(5), 3, `s${s}`, avoid));
      expect(got).toHaveLength(3);
      expect(new Set(got).size).toBe(3);
      expect(got).toContain(5);
      for (const id of got.filter((id) => id !== 5)) fromAvoided.add(id);
    }
    // The fallback is drawn at random too, not always the same two.
    expect(fromAvoided.size).toBeGreaterThan(2);
    // Everything avoided (a second attempt at a one-slot quiz): still a full draw.
    expect(ids(drawPreferring(pool(3), 3, "x", new Set([1, 2, 3]))).sort((a, b) => a - b)).toEqual([1, 2, 3]);
  });

  it("refuses as the quiz would when the pool is too small for the slot", () => {
    expect(drawPreferring(pool(2), 3, "x", new Set([1]))).toMatchObject({ ok: false, code: "quiz.slot.notEnoughQuestions" });
  });
});
