import { describe, expect, it } from "vitest";
import { hasBadCharacters, requiredText, text, withoutBadCharacters } from "@/lib/core/text";

describe("text that can be stored", () => {
  it("finds NUL bytes and lone surrogate halves, not whole characters", () => {
    expect(hasBadCharacters("a\u0000b")).toBe(true);
    expect(hasBadCharacters("a\uD800b")).toBe(true);
    expect(hasBadCharacters("a\uDC00")).toBe(true);
    expect(hasBadCharacters("😀 林晓雨")).toBe(false);
    expect(withoutBadCharacters("a\u0000\uD800b😀")).toBe("ab😀");
  });
  it("refuses them with a message, trims, limits the length", () => {
    expect(text(5).safeParse(" ab ").data).toBe("ab");
    expect(text(5).safeParse("abcdef").error?.issues[0]?.message).toBe("errors.tooLong");
    expect(text(50).safeParse("答案\uD83D").error?.issues[0]?.message).toBe("errors.badCharacters");
    expect(requiredText(5).safeParse("  ").error?.issues[0]?.message).toBe("errors.required");
  });
});
