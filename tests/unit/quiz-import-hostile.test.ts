import { describe, expect, it } from "vitest";
import { importGift } from "@/lib/quiz/import/gift";
import { growth } from "../helpers/linear";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Quadratic growth would give 16; linear gives 4, plus noise. */
const MAX_RATIO = 8;

describe("GIFT parsing is linear in the input", () => {
  // Each shape is about 1 MB at 4n (n = 10,000 units).
  const shapes: Record<string, (n: number) => string> = {
    "consecutive $CATEGORY: lines": (n) => `${"$CATEGORY: $course$/top/采油/抽油机\n".repeat(n * 2)}Q {T}\n`,
    "$CATEGORY: lines before each question": (n) => "$CATEGORY: a/b\n$CATEGORY: a/c\nQ {T}\n\n".repeat(n),
    "one long line": (n) => `Q ${"x".repeat(n * 25)} {T}\n`,
    "many blank lines": (n) => `${"\n".repeat(n * 25)}Q {T}\n`,
    "many comment lines": (n) => `${"// c\n".repeat(n * 5)}Q {T}\n`,
    "deep escapes": (n) => `Q ${"\\\\\\{".repeat(n * 6)} {T}\n`,
    "one block of many lines without an answer": (n) => "x\n".repeat(n * 12),
    "unclosed braces": (n) => `Q ${"{".repeat(n * 25)}\n`,
    "many short questions": (n) => "Q {T}\n\n".repeat(n * 3),
  };
  for (const [name, make] of Object.entries(shapes)) {
    it(name, async () => {
      const g = await growth(
        (n) => utf8(make(n)),
        (b) => importGift(b),
        10_000,
      );
      expect(g.bytes).toBeGreaterThan(500_000);
      expect(g.ratio, JSON.stringify(g)).toBeLessThan(MAX_RATIO);
      // The 909 KB file of $CATEGORY: lines took 270 s before; about 0.1 s now.
      expect(g.large, JSON.stringify(g)).toBeLessThan(3_000);
    });
  }
});
