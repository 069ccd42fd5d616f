import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ifRangeMatches, makeEtag, noneMatch, parseRange } from "@/lib/video/range";

describe("Range header", () => {
  const size = 1000;
  it("serves the whole file when there is no header, another unit, or several ranges", () => {
    expect(parseRange(null, size)).toEqual({ type: "full" });
    expect(parseRange("", size)).toEqual({ type: "full" });
    expect(parseRange("items=0-5", size)).toEqual({ type: "full" });
    expect(parseRange("bytes=0-1,5-9", size)).toEqual({ type: "full" });
  });

  it("answers Safari's bytes=0-1 probe with two bytes", () => {
    expect(parseRange("bytes=0-1", size)).toEqual({ type: "range", start: 0, end: 1 });
  });

  it("reads open-ended, suffix and over-long ranges", () => {
    expect(parseRange("bytes=500-", size)).toEqual({ type: "range", start: 500, end: 999 });
    expect(parseRange("bytes=-100", size)).toEqual({ type: "range", start: 900, end: 999 });
    expect(parseRange("bytes=-5000", size)).toEqual({ type: "range", start: 0, end: 999 });
    expect(parseRange("bytes=900-5000", size)).toEqual({ type: "range", start: 900, end: 999 });
    expect(parseRange("Bytes = 1-2", size)).toEqual({ type: "range", start: 1, end: 2 });
  });

  it("calls a range past the end unsatisfiable", () => {
    expect(parseRange("bytes=1000-", size)).toEqual({ type: "unsatisfiable" });
    expect(parseRange("bytes=-0", size)).toEqual({ type: "unsatisfiable" });
    expect(parseRange("bytes=0-1", 0)).toEqual({ type: "unsatisfiable" });
  });

  it("calls malformed specs invalid", () => {
    for (const h of [
      "bytes=",
      "bytes=-",
      "bytes=abc",
      "bytes=5-2",
      "bytes=1-2-3",
      "bytes=0x10-20",
      "bytes 0-1",
      "bytes=1.5-2",
      "bytes=99999999999999999999-",
      "bytes=0-1,x",
    ]) {
      expect(parseRange(h, size), h).toEqual({ type: "invalid" });
    }
  });

  it("always yields a range inside the file, for any header", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 1e9 }), (h, n) => {
        const r = parseRange(h, n);
        if (r.type === "range") {
          expect(r.start).toBeGreaterThanOrEqual(0);
          expect(r.end).toBeGreaterThanOrEqual(r.start);
          expect(r.end).toBeLessThan(n);
        }
      }),
    );
  });

  it("agrees with the definition for any well-formed first-last range", () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(5000), fc.integer({ min: 1, max: 4000 }), (a, b, n) => {
        const r = parseRange(`bytes=${a}-${b}`, n);
        if (b < a) expect(r.type).toBe("invalid");
        else if (a >= n) expect(r.type).toBe("unsatisfiable");
        else expect(r).toEqual({ type: "range", start: a, end: Math.min(b, n - 1) });
      }),
    );
  });
});

describe("validators", () => {
  const etag = makeEtag(1000, 1_700_000_000_123);
  const lm = new Date(1_700_000_000_000);
  it("If-Range honours a matching ETag or date only", () => {
    expect(ifRangeMatches(null, etag, lm)).toBe(true);
    expect(ifRangeMatches(etag, etag, lm)).toBe(true);
    expect(ifRangeMatches('"other"', etag, lm)).toBe(false);
    expect(ifRangeMatches(`W/${etag}`, etag, lm)).toBe(false);
    expect(ifRangeMatches(lm.toUTCString(), etag, lm)).toBe(true);
    expect(ifRangeMatches(new Date(0).toUTCString(), etag, lm)).toBe(false);
  });
  it("If-None-Match", () => {
    expect(noneMatch(`"x", ${etag}`, etag)).toBe(true);
    expect(noneMatch("*", etag)).toBe(true);
    expect(noneMatch('"x"', etag)).toBe(false);
  });
});
