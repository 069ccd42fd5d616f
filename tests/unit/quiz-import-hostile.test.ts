import { describe, expect, it } from "vitest";
import { readSpreadsheet } from "@/lib/members/import/read";
import { MAX_ROWS } from "@/lib/members/import/types";
import { importGift } from "@/lib/quiz/import/gift";
import { importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { type ImportResult, MAX_QUESTIONS } from "@/lib/quiz/import/problems";
import { importXlsx } from "@/lib/quiz/import/xlsx";
import { parseXml } from "@/lib/quiz/import/xml";
import { hostileXlsx, inlineRow, SHEET_HEAD, SHEET_TAIL, SST_HEAD, SST_TAIL } from "../fixtures/import/hostile-xlsx";
import { growth, peakGrowth } from "../helpers/linear";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Quadratic growth would give 16; linear gives 4, plus noise. */
const MAX_RATIO = 10;

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

describe(".xlsx is read with its limits checked while reading", () => {
  const header = inlineRow(["题型", "题干", "答案"]);
  const row = inlineRow(["判断", "阀门应缓慢开启。", "对"]);

  it("stops a zip bomb of rows at the row limit, in bounded time and memory", async () => {
    // 2,000,000 rows: about 190 MB of XML in a file of about 1 MB.
    const file = await hostileXlsx({ head: SHEET_HEAD + header, body: row, times: 2_000_000, tail: SHEET_TAIL });
    expect(file.byteLength).toBeLessThan(2 * 1024 * 1024);
    const { value: r, mb, ms } = await peakGrowth(() => importXlsx(file));
    expect(r).toEqual({
      ok: false,
      total: 1,
      rest: [],
      problems: [{ code: "quiz.import.xlsx.tooManyRows", params: { sheet: "题库", max: MAX_QUESTIONS + 10, limit: MAX_QUESTIONS } }],
    });
    expect(mb).toBeLessThan(300);
    expect(ms).toBeLessThan(5_000);
  });

  it("stops one huge shared string at Excel's cell limit", async () => {
    // One 200 MB string in the shared strings, used by one cell.
    const file = await hostileXlsx(
      { head: `${SHEET_HEAD}${header}<row><c t="inlineStr"><is><t>判断</t></is></c><c t="s"><v>0</v></c></row>${SHEET_TAIL}` },
      { head: `${SST_HEAD}<si><t>`, body: "油".repeat(1000), times: 70_000, tail: `</t></si>${SST_TAIL}` },
    );
    expect(file.byteLength).toBeLessThan(1024 * 1024);
    const { value: r, mb, ms } = await peakGrowth(() => importXlsx(file));
    expect(r).toEqual({ ok: false, total: 1, rest: [], problems: [{ code: "quiz.import.xlsx.textTooLong", params: { max: 32_767 } }] });
    expect(mb).toBeLessThan(300);
    expect(ms).toBeLessThan(5_000);
  });

  it("stops one huge cell in the sheet, naming the cell", async () => {
    const file = await hostileXlsx({
      head: `${SHEET_HEAD}${header}<row><c r="A2" t="inlineStr"><is><t>判断</t></is></c><c r="B2" t="inlineStr"><is><t>`,
      body: "x".repeat(1000),
      times: 200_000,
      tail: `</t></is></c></row>${SHEET_TAIL}`,
    });
    const { value: r, mb } = await peakGrowth(() => importXlsx(file));
    expect(r).toEqual({
      ok: false,
      total: 1,
      rest: [],
      problems: [{ code: "quiz.import.xlsx.cellTooLong", params: { sheet: "题库", cell: "B2", max: 32_767 } }],
    });
    expect(mb).toBeLessThan(300);
  });

  it("stops XML that inflates past the size limit without any cell (empty rows)", async () => {
    const file = await hostileXlsx({ head: SHEET_HEAD + header, body: "<row></row>", times: 12_000_000, tail: SHEET_TAIL });
    const { value: r, mb, ms } = await peakGrowth(() => importXlsx(file));
    expect(r).toEqual({ ok: false, total: 1, rest: [], problems: [{ code: "quiz.import.xlsx.tooBig", params: { max: "100.0 MB" } }] });
    expect(mb).toBeLessThan(300);
    expect(ms).toBeLessThan(15_000);
  });

  it("stops a sheet of many filled columns at the cell limit", async () => {
    const wide = `<row>${'<c t="b"><v>1</v></c>'.repeat(1000)}</row>`;
    const file = await hostileXlsx({ head: SHEET_HEAD + header, body: wide, times: 1000, tail: SHEET_TAIL });
    const { value: r, mb } = await peakGrowth(() => importXlsx(file));
    expect(r).toEqual({ ok: false, total: 1, rest: [], problems: [{ code: "quiz.import.xlsx.tooManyCells", params: { max: (MAX_QUESTIONS + 10) * 64 } }] });
    expect(mb).toBeLessThan(300);
  });

  it("the member import goes through the same reader and stops at its row limit", async () => {
    const file = await hostileXlsx(
      { head: SHEET_HEAD + inlineRow(["工号", "姓名", "单位", "专业"]), body: inlineRow(["1", "张三", "T09-W2", "采油"]), times: 1_000_000, tail: SHEET_TAIL },
      undefined,
      "职工",
    );
    const { value: r, mb } = await peakGrowth(() => readSpreadsheet(file));
    expect(r).toEqual({ ok: false, problems: [{ row: null, column: null, code: "import.errors.rowsStopped", params: { sheet: "职工", limit: MAX_ROWS } }] });
    expect(mb).toBeLessThan(300);
  });

  it("still reads an ordinary bank written by the hostile-file builder", async () => {
    const file = await hostileXlsx({ head: SHEET_HEAD + header, body: row, times: 3, tail: SHEET_TAIL });
    const r = await importXlsx(file);
    expect(r.ok && r.questions.map((q) => q.stem)).toEqual(["阀门应缓慢开启。", "阀门应缓慢开启。", "阀门应缓慢开启。"]);
  });
});

describe("XML parsing (saxes) is linear in the input", () => {
  const shapes: Record<string, (n: number) => string> = {
    "many elements": (n) => `<quiz>${"<a>x</a>".repeat(n * 3)}</quiz>`,
    "many attributes on one element": (n) => `<quiz${Array.from({ length: n * 2 }, (_, i) => ` a${i}="1"`).join("")}/>`,
    "one long text": (n) => `<quiz>${"x".repeat(n * 25)}</quiz>`,
    "many entities": (n) => `<quiz>${"&amp;&#20013;".repeat(n * 2)}</quiz>`,
    "a long CDATA of near-ends": (n) => `<quiz><![CDATA[${"]]".repeat(n * 12)}]]></quiz>`,
    "many comments": (n) => `<quiz>${"<!-- c -->".repeat(n * 2)}</quiz>`,
    "nesting to the depth limit, repeated": (n) => `<quiz>${`${"<a>".repeat(60)}${"</a>".repeat(60)}`.repeat(n / 20)}</quiz>`,
    "an entity never ended": (n) => `<quiz>&${"a".repeat(n * 25)}`,
  };
  for (const [name, make] of Object.entries(shapes)) {
    it(name, async () => {
      const g = await growth(
        (n) => utf8(make(n)),
        (b) => parseXml(new TextDecoder().decode(b)),
        10_000,
      );
      expect(g.bytes).toBeGreaterThan(500_000);
      expect(g.ratio, JSON.stringify(g)).toBeLessThan(MAX_RATIO);
      expect(g.large, JSON.stringify(g)).toBeLessThan(3_000);
    });
  }

  it("reads the nested shape whole (it is not refused early)", () => {
    expect(parseXml(`<quiz>${`${"<a>".repeat(60)}${"</a>".repeat(60)}`.repeat(3)}</quiz>`).ok).toBe(true);
  });

  it("keeps refusing a DOCTYPE (no entity is ever expanded) and nesting past the limit", () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<quiz>&lol2;</quiz>`;
    expect(parseXml(laughs)).toEqual({ ok: false, line: 2, code: "quiz.import.xml.doctype" });
    expect(parseXml(`${"<a>".repeat(65)}${"</a>".repeat(65)}`)).toMatchObject({ ok: false, code: "quiz.import.xml.tooDeep" });
    expect(parseXml(`${"<a>".repeat(64)}${"</a>".repeat(64)}`).ok).toBe(true);
  });
});

describe("a 20 MB upload of GIFT or Moodle XML is read in bounded memory", () => {
  const MB20 = 20 * 1024 * 1024 - 64;
  const fill = (unit: string, head = "", tail = "") =>
    utf8(head + unit.repeat(Math.floor((MB20 - Buffer.byteLength(head + tail)) / Buffer.byteLength(unit))) + tail);
  const question =
    '<question type="truefalse"><name><text>q</text></name><questiontext format="plain_text"><text>阀门应缓慢开启。</text></questiontext>' +
    '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>\n';

  const cases: [string, () => Uint8Array, (b: Uint8Array) => Promise<ImportResult>, string][] = [
    ["GIFT: tiny questions", () => fill("Q {T}\n\n"), (b) => importGift(b), "quiz.import.tooManyQuestionsStopped"],
    ["GIFT: blocks that are all errors", () => fill("Q\n\n"), (b) => importGift(b), "quiz.import.problemsStopped"],
    ["GIFT: one block of 20 MB", () => fill("~b ", "Q {=a ", "}\n"), (b) => importGift(b), "quiz.import.gift.blockTooLong"],
    ["Moodle XML: questions", () => fill(question, "<quiz>\n", "</quiz>\n"), (b) => importMoodleXml(b), "quiz.import.tooManyQuestionsStopped"],
    ["Moodle XML: small elements under <quiz>", () => fill("<a>x</a>", "<quiz>", "</quiz>"), (b) => importMoodleXml(b), "quiz.import.noQuestions"],
    [
      "Moodle XML: one question of 20 MB",
      () => fill("<b/>", '<quiz><question type="essay">', "</question></quiz>"),
      (b) => importMoodleXml(b),
      "quiz.import.xml.elementTooLarge",
    ],
  ];
  for (const [name, make, parse, code] of cases) {
    it(name, async () => {
      const file = make();
      expect(file.byteLength).toBeGreaterThan(19 * 1024 * 1024);
      const { value: r, mb, ms } = await peakGrowth(() => parse(file));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.at(-1)?.code).toBe(code);
      expect(mb).toBeLessThan(300);
      expect(ms).toBeLessThan(20_000);
    });
  }
});
