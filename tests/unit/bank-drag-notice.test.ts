/**
 * The bank editor of a Moodle drag and drop into text (ddwtos): the form's data keeps `drag`, and
 * the editor's notice names the reusable boxes (in zh-CN and English), or says none is; a plain
 * cloze, or a drag and drop whose gaps the trainer made no longer choice gaps, gets no notice
 * once saved again.
 */
import { describe, expect, it } from "vitest";
import { formatMessage } from "@/lib/i18n/format";
import { messagesFor } from "@/lib/i18n";
import { payloadToQuestion, questionToPayload } from "@/lib/quiz/admin/question-input";
import { dragNotice } from "@/lib/quiz/drag";
import { importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import type { Question } from "@/lib/quiz/types";

const TEXT = "进水阀 [[1]]，出水阀 [[2]]，排污阀 [[1]]，水位 [[3]]。";
const xml = (boxes: string, text = TEXT) => `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="ddwtos">
    <name><text>阀门</text></name>
    <questiontext format="html"><text><![CDATA[<p>${text}</p>]]></text></questiontext>
    <defaultgrade>4</defaultgrade>
    ${boxes}
  </question>
</quiz>`;
const BOXES = `<dragbox><text>开</text><group>1</group><infinite/></dragbox>
    <dragbox><text>关</text><group>1</group></dragbox>
    <dragbox><text>高</text><group>2</group><infinite/></dragbox>
    <dragbox><text>低</text><group>2</group></dragbox>`;

async function load(source: string): Promise<Question> {
  let n = 0;
  const r = await importMoodleXml(source, { newId: () => `i${++n}` });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.questions[0]!;
}

describe("the bank editor's drag and drop notice", () => {
  it("names the reusable boxes from the form's data, in both languages", async () => {
    const payload = questionToPayload(await load(xml(BOXES)));
    const notice = dragNotice(payload);
    expect(notice).toEqual({ reusable: ["开", "高"] });
    const zh = formatMessage(messagesFor("zh-CN").quizAdmin.editor.dragNotice, { boxes: notice!.reusable.join("、") }, "zh-CN");
    expect(zh).toContain("拖放填空题");
    expect(zh).toContain("可多次使用的词块：开、高");
    expect(formatMessage(messagesFor("en").quizAdmin.editor.dragNotice, { boxes: "开、高" }, "en")).toContain("Boxes usable more than once: 开、高");
  });

  it("says no box is reusable when none is, and nothing for a plain cloze", async () => {
    const finite = questionToPayload(
      await load(
        xml(
          `<dragbox><text>开</text><group>1</group></dragbox>
    <dragbox><text>关</text><group>1</group></dragbox>`,
          "进水阀 [[1]]，出水阀 [[2]]。",
        ),
      ),
    );
    expect(dragNotice(finite)).toEqual({ reusable: [] });
    expect(messagesFor("zh-CN").quizAdmin.editor.dragNoticeNoReuse).toContain("没有可多次使用的词块");
    expect(messagesFor("en").quizAdmin.editor.dragNoticeNoReuse).toContain("No box is usable more than once");

    // Saved with the same text it stays drag and drop; with a short-answer gap it is a plain cloze, and the editor says nothing.
    const payload = questionToPayload(await load(xml(BOXES)));
    const again = payloadToQuestion(payload);
    if (!again.question) throw new Error(JSON.stringify(again.problems));
    expect(dragNotice(questionToPayload(again.question))).toEqual({ reusable: ["开", "高"] });
    const plain = payloadToQuestion({ ...payload, stem: `${payload.stem} {1:SHORTANSWER:=三}` });
    if (!plain.question) throw new Error(JSON.stringify(plain.problems));
    expect(dragNotice(questionToPayload(plain.question))).toBeNull();
  });
});
