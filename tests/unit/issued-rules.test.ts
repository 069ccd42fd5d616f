import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALPHABET, NUMBER_BITS, newNumber, normalizeNumber } from "@/lib/issued/number";
import { validity } from "@/lib/issued/rules";

describe("certificate numbers", () => {
  it("carry at least 128 random bits in seven groups of four Crockford characters", () => {
    expect(NUMBER_BITS).toBeGreaterThanOrEqual(128);
    const n = newNumber();
    expect(n).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
    expect(n).not.toMatch(/[ILOU]/);
  });

  it("encode every random bit: bytes that differ in any of the 140 bits used give different numbers", () => {
    const zero = new Uint8Array(18);
    const seen = new Set([newNumber(zero)]);
    for (let bit = 0; bit < NUMBER_BITS; bit++) {
      const b = new Uint8Array(18);
      b[bit >> 3] = 0x80 >> (bit & 7);
      seen.add(newNumber(b));
    }
    expect(seen.size).toBe(NUMBER_BITS + 1);
    expect(newNumber(zero)).toBe("0000-0000-0000-0000-0000-0000-0000");
    expect(newNumber(new Uint8Array(18).fill(255))).toBe("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
  });

  it("use every character about evenly over many numbers (no bias from the encoding)", () => {
    const counts = new Map<string, number>();
    const n = 2000;
    for (let i = 0; i < n; i++) for (const ch of newNumber().replace(/-/g, "")) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (n * 28) / 32;
    for (const c of counts.values()) expect(Math.abs(c - expected) / expected).toBeLessThan(0.15);
  });

  it("read back what a person types: case, spaces, dashes, O/I/L for 0/1/1", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 18, maxLength: 18 }), (bytes) => {
        const n = newNumber(bytes);
        expect(normalizeNumber(n)).toBe(n);
        expect(normalizeNumber(n.toLowerCase().replace(/-/g, " "))).toBe(n);
        expect(normalizeNumber(n.replace(/-/g, "").replace(/0/g, "o").replace(/1/g, "l"))).toBe(n);
      }),
    );
  });

  it("refuse what cannot be a number", () => {
    for (const bad of ["", "ABCD", "0000-0000-0000-0000-0000-0000-000U", "0000-0000-0000-0000-0000-0000-0000-0", "../../etc/passwd", "x".repeat(100)])
      expect(normalizeNumber(bad)).toBeNull();
    expect(ALPHABET).toHaveLength(32);
  });
});

describe("validity", () => {
  const day = "2026-11-20";
  it("holds without an end, and up to and including its last day", () => {
    expect(validity({ validUntil: null, revokedAt: null }, day)).toEqual({ state: "valid" });
    expect(validity({ validUntil: day, revokedAt: null }, day)).toEqual({ state: "valid" });
    expect(validity({ validUntil: "2026-11-19", revokedAt: null }, day)).toEqual({ state: "expired", lastDay: "2026-11-19" });
  });
  it("is revoked once revoked, whatever the dates say", () => {
    const at = new Date("2026-11-01T02:00:00Z");
    expect(validity({ validUntil: null, revokedAt: at }, day)).toEqual({ state: "revoked", at });
    expect(validity({ validUntil: "2020-01-01", revokedAt: at }, day)).toEqual({ state: "revoked", at });
  });
});
