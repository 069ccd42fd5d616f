import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { change, confirm, emptyState, isAnswered, merge, parseLocal, pending } from "@/lib/quiz/offline";

const tf = (value: boolean) => ({ type: "truefalse", value });

describe("the browser's copy of an attempt", () => {
  it("sends what changed, and forgets it only once the server confirmed that very change", () => {
    let s = merge([], null);
    s = change(s, 1, { response: tf(true) });
    s = change(s, 2, { flagged: true });
    const out = pending(s);
    expect(out).toEqual([
      { position: 1, response: tf(true), flagged: false, seq: 1 },
      { position: 2, response: null, flagged: true, seq: 2 },
    ]);
    // The worker changes question 1 again while the save is under way.
    s = change(s, 1, { response: tf(false) });
    s = confirm(s, out);
    expect(pending(s)).toEqual([{ position: 1, response: tf(false), flagged: false, seq: 3 }]);
  });

  it("keeps answers given offline across a reload and sends them again", () => {
    let s = merge([{ position: 1, response: tf(true), flagged: false, seq: 4 }], null);
    s = change(s, 1, { response: tf(false) }); // offline
    s = change(s, 3, { response: { type: "essay", text: "密封" } });
    const stored = JSON.stringify(s);
    // Reload: the server still has seq 4 for question 1.
    const again = merge([{ position: 1, response: tf(true), flagged: false, seq: 4 }], parseLocal(stored));
    expect(again.answers[1]).toEqual({ response: tf(false), flagged: false, seq: 5 });
    expect(pending(again).map((a) => a.position)).toEqual([1, 3]);
  });

  it("does not send again what the server confirmed when the server's answers are older than the phone's (the offline shell)", () => {
    // Opened with no answer (the start's copy of the questions); question 1 answered and saved, 2 given offline.
    let s = merge([], null);
    s = change(s, 1, { response: tf(true) });
    s = confirm(s, pending(s));
    s = change(s, 2, { response: tf(false) });
    const again = merge([], parseLocal(JSON.stringify(s)));
    expect(again.answers[1]?.response).toEqual(tf(true));
    expect(pending(again).map((a) => a.position)).toEqual([2]);
  });

  it("lets a newer server answer win over an older local one (answered on another device)", () => {
    let local = merge([], null);
    local = change(local, 1, { response: tf(true) });
    const s = merge([{ position: 1, response: tf(false), flagged: false, seq: 9 }], local);
    expect(s.answers[1]?.response).toEqual(tf(false));
    expect(pending(s)).toEqual([]);
    expect(change(s, 2, { response: tf(true) }).answers[2]?.seq).toBe(10);
  });

  it("ignores a stored copy that is not one of ours", () => {
    expect(parseLocal("{not json")).toBeNull();
    expect(parseLocal(JSON.stringify({ v: 2 }))).toBeNull();
    expect(merge([], parseLocal("null"))).toEqual(emptyState());
  });

  it("never reuses a sequence number, whatever the order of changes, merges and confirmations", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.boolean()), { maxLength: 40 }), (ops) => {
        let s = emptyState();
        const seen = new Set<number>();
        for (const [p, v, doConfirm] of ops) {
          s = change(s, p, { response: tf(v) });
          const seq = s.answers[p]!.seq; // just changed
          expect(seen.has(seq)).toBe(false);
          seen.add(seq);
          if (doConfirm) s = confirm(s, pending(s));
          s = merge(
            Object.entries(s.answers)
              .filter(([q, a]) => s.confirmed[Number(q)] === a.seq)
              .map(([q, a]) => ({ position: Number(q), ...(a as { response: unknown; flagged: boolean; seq: number }) })),
            s,
          );
        }
        // Everything not confirmed is pending, and only that.
        for (const a of pending(s)) expect(a.seq).toBeGreaterThan(s.confirmed[a.position] ?? 0);
      }),
    );
  });

  it("tells answered from empty", () => {
    expect(isAnswered({ type: "fill", blanks: ["", " "] })).toBe(false);
    expect(isAnswered({ type: "fill", blanks: ["", "x"] })).toBe(true);
    expect(isAnswered({ type: "multiple", optionIds: [] })).toBe(false);
    expect(isAnswered({ type: "truefalse", value: false })).toBe(true);
    expect(isAnswered(null)).toBe(false);
  });
});
