import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSegments, clip, coveredSeconds, isComplete, mergeSegments, normalise, resumePosition, SegmentRecorder, type Segment } from "@/lib/video/segments";

const seg = fc.tuple(fc.integer({ min: 0, max: 3600_000 }), fc.integer({ min: 1, max: 600_000 })).map(([s, len]) => [s / 1000, (s + len) / 1000] as Segment);
const segs = fc.array(seg, { maxLength: 30 });

/** Which whole-millisecond ticks a set of segments covers, the slow obvious way. */
function ticks(list: readonly Segment[]): Set<number> {
  const out = new Set<number>();
  for (const [s, e] of list) for (let t = Math.round(s * 1000); t < Math.round(e * 1000); t++) out.add(t);
  return out;
}

describe("interval merging", () => {
  it("keeps the result sorted, disjoint and non-empty", () => {
    fc.assert(
      fc.property(segs, (a) => {
        const n = normalise(a);
        for (const [i, [s, e]] of n.entries()) {
          expect(e).toBeGreaterThan(s);
          if (i > 0) expect(s).toBeGreaterThan(n[i - 1]![1]);
        }
      }),
    );
  });

  it("covers exactly the union of what was reported (checked tick by tick)", () => {
    const small = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 500 })).map(([s, l]) => [s / 1000, (s + l) / 1000] as Segment),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(small, small, (a, b) => {
        const m = mergeSegments(normalise(a), b);
        expect(ticks(m)).toEqual(ticks([...a, ...b]));
        expect(coveredSeconds(m) * 1000).toBeCloseTo(ticks([...a, ...b]).size, 6);
      }),
    );
  });

  it("is idempotent, commutative and associative: a repeated, late or reordered report changes nothing", () => {
    fc.assert(
      fc.property(segs, segs, segs, (a, b, c) => {
        const ab = mergeSegments(a, b);
        expect(mergeSegments(ab, b)).toEqual(ab);
        expect(mergeSegments(ab, a)).toEqual(ab);
        expect(mergeSegments(b, a)).toEqual(ab);
        expect(mergeSegments(ab, c)).toEqual(mergeSegments(a, mergeSegments(b, c)));
      }),
    );
  });

  it("only grows: watched seconds never go down, and never exceed the sum of the parts", () => {
    fc.assert(
      fc.property(segs, segs, (a, b) => {
        const before = coveredSeconds(normalise(a));
        const after = coveredSeconds(mergeSegments(normalise(a), b));
        expect(after).toBeGreaterThanOrEqual(before - 1e-9);
        expect(after).toBeLessThanOrEqual(before + coveredSeconds(normalise(b)) + 1e-6);
      }),
    );
  });

  it("counts watching twice once", () => {
    expect(
      coveredSeconds(
        mergeSegments(
          [[0, 30]],
          [
            [0, 30],
            [10, 20],
          ],
        ),
      ),
    ).toBe(30);
    expect(mergeSegments([[0, 10]], [[10, 20]])).toEqual([[0, 20]]);
  });
});

describe("report checks", () => {
  it("refuses negative, reversed, empty and beyond-the-end intervals", () => {
    expect(checkSegments([[-1, 5]], 60)).toBe("video.errors.segmentNegative");
    expect(checkSegments([[5, 2]], 60)).toBe("video.errors.segmentReversed");
    expect(checkSegments([[5, 5]], 60)).toBe("video.errors.segmentReversed");
    expect(checkSegments([[50, 70]], 60)).toBe("video.errors.segmentBeyondEnd");
    expect(checkSegments([[Number.NaN, 5]], 60)).toBe("video.errors.segmentNegative");
    expect(checkSegments([[0, 60.5]], 60)).toBeNull();
    expect(clip([[0, 60.5]], 60)).toEqual([[0, 60]]);
  });

  it("accepts every well-formed report inside the duration", () => {
    fc.assert(
      fc.property(segs, (a) => {
        expect(checkSegments(a, 4300)).toBeNull();
      }),
    );
  });

  it("completes at the required share of the duration", () => {
    expect(isComplete(89, 100, 0.9)).toBe(false);
    expect(isComplete(89.6, 100, 0.9)).toBe(true);
    expect(isComplete(100, null, 0.9)).toBe(false);
  });
});

describe("the player's recorder", () => {
  it("does not count a seek ahead", () => {
    const r = new SegmentRecorder();
    for (let t = 0; t <= 5; t += 0.25) r.tick(t);
    // Seek from 5 to 40 s.
    r.tick(40);
    for (let t = 40.25; t <= 42; t += 0.25) r.tick(t);
    r.stop();
    expect(r.segments()).toEqual([
      [0, 5],
      [40, 42],
    ]);
    expect(coveredSeconds(r.segments())).toBe(7);
  });

  it("records a 2× playback in media time", () => {
    const r = new SegmentRecorder();
    // At 2× time updates come ~0.5 media s apart.
    for (let t = 0; t <= 10; t += 0.5) r.tick(t);
    r.stop();
    expect(coveredSeconds(r.segments())).toBe(10);
  });

  it("never reports more than was played, for any sequence of ticks and seeks", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }), fc.constant(-1)), { maxLength: 60 }), (ts) => {
        const r = new SegmentRecorder(3);
        let played = 0;
        let last: number | null = null;
        for (const t of ts) {
          if (t < 0) {
            r.stop();
            last = null;
            continue;
          }
          if (last !== null && t >= last && t - last <= 3) played += t - last;
          r.tick(t);
          last = t;
        }
        expect(coveredSeconds(r.segments())).toBeLessThanOrEqual(played + 0.01);
      }),
    );
  });
});

describe("resumePosition", () => {
  it("resumes where the last sitting stopped, unless in the last 2 s of a long lesson", () => {
    expect(resumePosition(30, 600)).toBe(30);
    expect(resumePosition(597.9, 600)).toBe(597.9);
    expect(resumePosition(598.5, 600)).toBe(0);
    expect(resumePosition(0, 600)).toBe(0);
  });
  it("on a very short lesson the end is a tenth of it, not 2 s: most positions resume", () => {
    expect(resumePosition(1.5, 3)).toBe(1.5);
    expect(resumePosition(1, 2.5)).toBe(1);
    expect(resumePosition(2.8, 3)).toBe(0);
    expect(resumePosition(10, 15)).toBe(10);
  });
  it("resumes at the position while the length is unknown, never at a nonsense one", () => {
    expect(resumePosition(12, Number.NaN)).toBe(12);
    expect(resumePosition(12, Number.POSITIVE_INFINITY)).toBe(12);
    expect(resumePosition(12, 0)).toBe(12);
    expect(resumePosition(Number.NaN, 60)).toBe(0);
    expect(resumePosition(-3, 60)).toBe(0);
  });
});
