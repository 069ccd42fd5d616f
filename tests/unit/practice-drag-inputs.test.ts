/**
 * The practice page's plain form (no JavaScript) shows a Moodle drag and drop (ddwtos) cloze's
 * gaps as selects: a reusable (infinite) box says it can be used more than once, in zh-CN and in
 * English; a finite box does not; and the hint says a box fills one blank only otherwise.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Inputs } from "@/app/(app)/practice/inputs";
import { makeTranslator } from "@/lib/i18n";
import { importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { publicView } from "@/lib/quiz/types";

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="ddwtos">
    <name><text>阀门</text></name>
    <questiontext format="html"><text><![CDATA[<p>进水阀 [[1]]，出水阀 [[2]]，排污阀 [[1]]。</p>]]></text></questiontext>
    <defaultgrade>3</defaultgrade>
    <dragbox><text>开</text><group>1</group><infinite/></dragbox>
    <dragbox><text>关</text><group>1</group></dragbox>
  </question>
</quiz>`;

async function rendered(locale: "zh-CN" | "en") {
  let n = 0;
  const r = await importMoodleXml(XML, { newId: () => `i${++n}` });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const q = r.questions[0];
  if (!q) throw new Error("no question");
  return renderToStaticMarkup(createElement(Inputs, { q: publicView(q), t: makeTranslator(locale) }));
}

const optionTexts = (html: string) => [...html.matchAll(/<option value="i\d+">([^<]*)<\/option>/g)].map((m) => m[1]);

describe("the no-JS practice form of a drag and drop cloze", () => {
  it("marks the reusable box in every gap, not the finite one (zh-CN)", async () => {
    const html = await rendered("zh-CN");
    expect((html.match(/<select/g) ?? []).length).toBe(3);
    expect(optionTexts(html)).toEqual(["开（可多次使用）", "关", "开（可多次使用）", "关", "开（可多次使用）", "关"]);
    expect(html).toContain("每个词块只能放进一个空，标“可多次使用”的除外。");
  });

  it("says so in English too", async () => {
    const html = await rendered("en");
    expect(optionTexts(html).slice(0, 2)).toEqual(["开 (usable more than once)", "关"]);
    expect(html).toContain("Each box fills one blank only, unless it is marked usable more than once.");
  });
});
