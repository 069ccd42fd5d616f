/**
 * Moodle's own rules for drag and drop into text (qtype_ddwtos) and select missing words
 * (qtype_gapselect), read from Moodle's source: the editing form offers choice groups 1 to 8
 * (qtype_gapselect_edit_form_base::MAX_GROUPS); a choice number used in two gaps must be
 * Unlimited (qtype_ddwtos_edit_form::extra_slot_validation, errorlimitedchoice), even when another
 * box of the group has the same text; grading is right gaps / gaps. A file breaking a rule has
 * that question refused, named with its line, and the rest imports.
 */
import { describe, expect, it } from "vitest";
import { grade } from "@/lib/quiz/grading";
import { importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import type { ClozeQuestion } from "@/lib/quiz/types";

type Box = [text: string, group: string, infinite?: boolean];
const question = (name: string, text: string, boxes: readonly Box[], type = "ddwtos") => `
  <question type="${type}">
    <name><text>${name}</text></name>
    <questiontext format="html"><text><![CDATA[<p>${text}</p>]]></text></questiontext>
    <defaultgrade>3</defaultgrade>
    ${boxes
      .map(([t, g, inf]) =>
        type === "ddwtos"
          ? `<dragbox><text>${t}</text><group>${g}</group>${inf ? "<infinite/>" : ""}</dragbox>`
          : `<selectoption><text>${t}</text><group>${g}</group></selectoption>`,
      )
      .join("\n    ")}
  </question>`;
const file = (...questions: string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>${questions.join("")}\n</quiz>`;
const GOOD = question("好题", "进水阀 [[1]]，出水阀 [[2]]。", [
  ["开", "1"],
  ["关", "1"],
]);

async function load(source: string) {
  let n = 0;
  return importMoodleXml(source, { newId: () => `i${++n}` });
}

describe("Moodle's ddwtos and gapselect rules on import", () => {
  it("refuses a choice group Moodle's form cannot offer (beyond 8, or not a number), naming it; the rest imports", async () => {
    for (const [group, type] of [
      ["9", "ddwtos"],
      ["x", "ddwtos"],
      ["0", "gapselect"],
    ] as const) {
      const r = await load(
        file(
          question(
            "坏组",
            "[[1]] [[2]]",
            [
              ["高", group],
              ["低", group],
            ],
            type,
          ),
          GOOD,
        ),
      );
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems).toEqual([expect.objectContaining({ code: "quiz.import.moodle.gapGroupRange", params: expect.objectContaining({ group, max: 8 }) })]);
      expect(r.problems[0]?.line).toBeGreaterThan(0);
      expect(r.rest).toHaveLength(1);
    }
    // Group 8, the last Moodle offers, imports.
    expect(
      await load(
        file(
          question("第八组", "[[1]] [[2]]", [
            ["高", "8"],
            ["低", "8"],
          ]),
        ),
      ),
    ).toMatchObject({ ok: true });
  });

  it("refuses a group with more boxes than a gap here offers, with the count, not a generic options message", async () => {
    const boxes: Box[] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"].map((t) => [t, "1"]);
    const r = await load(file(question("九个词块", "[[1]] [[2]]", boxes)));
    expect(r).toMatchObject({ ok: false, problems: [{ code: "quiz.import.moodle.gapGroupTooBig", params: { group: "1", count: 9, max: 8 } }] });
    // The same text twice counts once (it is one box here).
    const eight: Box[] = [...boxes.slice(0, 8), ["一", "1"]];
    expect(await load(file(question("八个词块", "[[1]] [[2]]", eight)))).toMatchObject({ ok: true });
  });

  it("refuses a finite choice number used in two gaps even when a second box has its text (Moodle's errorlimitedchoice)", async () => {
    const r = await load(
      file(
        question("重复用", "[[1]] 和 [[1]] 之间是 [[2]]", [
          ["阀", "1"],
          ["管", "1"],
          ["阀", "1"],
        ]),
      ),
    );
    expect(r).toMatchObject({ ok: false, problems: [{ code: "quiz.question.dragBoxReused", params: { box: "阀" } }] });
    // Unlimited, it imports and grades as Moodle: right gaps / gaps × the mark.
    const ok = await load(
      file(
        question("可重复", "[[1]] 和 [[1]] 之间是 [[2]]", [
          ["阀", "1", true],
          ["管", "1"],
        ]),
      ),
    );
    if (!ok.ok) throw new Error(JSON.stringify(ok.problems));
    const q = ok.questions[0] as ClozeQuestion;
    const idOf = (t: string) => (q.gaps[0]?.kind === "choice" ? q.gaps[0].options.find((o) => o.text === t)?.id : undefined) ?? "";
    expect(q.drag).toEqual({ infinite: [idOf("阀")] });
    expect(grade(q, { type: "cloze", gaps: [idOf("阀"), idOf("阀"), idOf("管")] })).toMatchObject({ score: 3, correct: "right" });
    expect(grade(q, { type: "cloze", gaps: [idOf("阀"), idOf("管"), idOf("阀")] })).toMatchObject({ score: 1, correct: "partial" });
  });
});
