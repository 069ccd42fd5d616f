import { readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { fastCff, fastSubsets } from "@/lib/core/pdf-cff";

const FILE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const TEXT = "职工培训档案（一人一档）姓名工号单位岗位入职日期三级安全教育学时课程签字考试证书复审 ABC abc 0123456789 张伟 采油九队 2026-11-24";

/** The subset fontkit writes for TEXT (the glyphs a small person's file uses). */
function subset(font: fontkit.Font): Buffer {
  const s = font.createSubset();
  for (const ch of TEXT) s.includeGlyph(font.glyphForCodePoint(ch.codePointAt(0)!));
  return Buffer.from(s.encode());
}

describe("PDF font subsets written fast (issue 15)", () => {
  it("writes the same bytes as fontkit and restructure do without the fast paths", () => {
    const font = fontkit.create(readFileSync(FILE), "NotoSansCJKsc-Regular") as fontkit.Font;
    const plain = subset(font);
    fastSubsets(font as unknown as Parameters<typeof fastSubsets>[0]);
    fastCff();
    // The first subset after fastCff finds fontkit's CFF index class; the later ones use it throughout.
    const first = subset(font);
    const second = subset(font);
    expect(plain.length).toBeGreaterThan(10_000);
    expect(first.equals(plain)).toBe(true);
    expect(second.equals(plain)).toBe(true);
  });
});
