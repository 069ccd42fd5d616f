import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectFormat, parseQuestionFile } from "@/lib/quiz/admin/import";
import { importGift } from "@/lib/quiz/import/gift";
import { importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { readText } from "@/lib/quiz/import/text";
import { importCsv } from "@/lib/quiz/import/xlsx";

// Real bytes of each encoding, made from text with iconv-lite (no binary fixtures committed).
const enc = (s: string, encoding: string) => new Uint8Array(iconv.encode(s, encoding));
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

const GIFT_ZH = "$CATEGORY: 采油/抽油机\n\n::驴头:: 抽油机的驴头属于（　）。{=游梁部分 ~底座部分 ~减速箱}\n\n巡检时应先检查刹车。{T}\n";
const GIFT_FR = "::Vanne:: La vanne doit être ouverte lentement, à la main. {T}\n\nLe débit est mesuré en mètres cubes par heure. {T}\n";
const GIFT_JA = "::弁:: バルブはゆっくり開けること。{T}\n\n流量は毎時立方メートルで測定する。{T}\n";

const stems = async (r: ReturnType<typeof importGift>) => {
  const x = await r;
  if (!x.ok) throw new Error(JSON.stringify(x.problems));
  return x.questions.map((q) => q.stem);
};

describe("text encodings", () => {
  it("reads UTF-8 with and without a BOM, UTF-16 LE and BE with their BOM, GBK and GB18030", async () => {
    const expected = ["抽油机的驴头属于（　）。", "巡检时应先检查刹车。"];
    expect(await stems(importGift(enc(GIFT_ZH, "utf8")))).toEqual(expected);
    expect(await stems(importGift(cat(new Uint8Array([0xef, 0xbb, 0xbf]), enc(GIFT_ZH, "utf8"))))).toEqual(expected);
    expect(await stems(importGift(cat(new Uint8Array([0xff, 0xfe]), enc(GIFT_ZH, "utf16le"))))).toEqual(expected);
    expect(await stems(importGift(cat(new Uint8Array([0xfe, 0xff]), enc(GIFT_ZH, "utf16be"))))).toEqual(expected);
    expect(await stems(importGift(enc(GIFT_ZH, "gbk")))).toEqual(expected);
    // A character outside GBK (GB18030 four-byte), among ordinary Chinese.
    const rare = GIFT_ZH.replace("刹车", "刹车𠀀");
    expect(await stems(importGift(enc(rare, "gb18030")))).toEqual(["抽油机的驴头属于（　）。", "巡检时应先检查刹车𠀀。"]);
  });

  it("refuses Latin-1 and Shift-JIS text instead of importing it as garbage", async () => {
    for (const bytes of [enc(GIFT_FR, "latin1"), enc(GIFT_FR, "windows-1252"), enc(GIFT_JA, "shift_jis"), enc(GIFT_JA, "euc-jp")]) {
      expect(await importGift(bytes)).toEqual({ ok: false, total: 1, rest: [], problems: [{ code: "quiz.import.unknownEncoding" }] });
    }
    // The rule in one place: GBK Chinese passes, the others do not.
    expect(readText(enc("阀门应缓慢开启，严禁猛开猛关。", "gbk"))).toEqual({ ok: true, text: "阀门应缓慢开启，严禁猛开猛关。" });
    expect(readText(enc("Les élèves étaient très fâchés", "latin1")).ok).toBe(false);
    expect(readText(enc("ひらがなとカタカナと漢字", "shift_jis")).ok).toBe(false);
    // Binary stays "not text".
    expect(readText(new Uint8Array([0x3c, 0x71, 0, 0xff]))).toEqual({ ok: false, problem: { code: "quiz.import.notText" } });
  });

  const moodle = (decl: string, stem: string) =>
    `<?xml version="1.0" encoding="${decl}"?>\n<quiz>\n<question type="truefalse"><name><text>q</text></name><questiontext format="plain_text"><text>${stem}</text></questiontext>` +
    `<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>\n</quiz>\n`;

  it("honours the XML encoding declaration", async () => {
    for (const [decl, stem, encoding] of [
      ["ISO-8859-1", "La vanne doit être ouverte à la main.", "latin1"],
      ["Shift_JIS", "バルブはゆっくり開けること。", "shift_jis"],
      ["GB2312", "阀门应缓慢开启。", "gbk"],
      ["GBK", "阀门应缓慢开启。", "gbk"],
      ["UTF-8", "阀门应缓慢开启。", "utf8"],
    ] as const) {
      const r = await importMoodleXml(enc(moodle(decl, stem), encoding));
      expect(r.ok && r.questions.map((q) => q.stem), decl).toEqual([stem]);
    }
  });

  it("refuses an encoding it does not know, by name, and UTF-8 declared over other bytes", async () => {
    expect(await importMoodleXml(enc(moodle("x-klingon", "abc"), "utf8"))).toEqual({
      ok: false,
      total: 1,
      rest: [],
      problems: [{ code: "quiz.import.xml.unsupportedEncoding", params: { encoding: "x-klingon" } }],
    });
    expect(await importMoodleXml(enc(moodle("UTF-8", "阀门应缓慢开启。"), "gbk"))).toEqual({
      ok: false,
      total: 1,
      rest: [],
      problems: [{ code: "quiz.import.unknownEncoding" }],
    });
  });
});

describe("a CSV saved from the template", () => {
  const rows = [
    ["序号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "难度", "分类"],
    ["1", "单选", "抽油机的驴头属于（　）。", "游梁部分", "底座部分", "减速箱", "", "A", "驴头装在游梁前端。", "2", "采油/抽油机"],
    ["2", "判断", "巡检时应先检查刹车，再靠近曲柄。", "", "", "", "", "对", "", "", ""],
  ];
  const csv = rows.map((r) => r.map((c) => (/[,"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n");

  it("is told apart from GIFT by its header row and imported with the template's rules", async () => {
    for (const bytes of [cat(new Uint8Array([0xef, 0xbb, 0xbf]), enc(csv, "utf8")), enc(csv, "gbk")]) {
      expect(detectFormat("题库.txt", bytes)).toBe("csv");
      const { format, result } = await parseQuestionFile(bytes, "题库.csv");
      expect(format).toBe("csv");
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.questions.map((q) => [q.type, q.stem, q.category])).toEqual([
        ["single", "抽油机的驴头属于（　）。", ["采油", "抽油机"]],
        ["truefalse", "巡检时应先检查刹车，再靠近曲柄。", []],
      ]);
    }
  });

  it("reports a bad row with its row number, as the spreadsheet numbers it", async () => {
    const bad = `${csv}\r\n3,单选,没有答案的题,甲,乙,,,,,,`;
    const r = await importCsv(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([{ row: 4, column: "答案", code: "quiz.import.missingAnswer" }]);
  });

  it("leaves GIFT files to the GIFT reader", () => {
    expect(detectFormat("题库.txt", enc(GIFT_ZH, "utf8"))).toBe("gift");
    expect(detectFormat("题库.gift", enc(GIFT_ZH, "gbk"))).toBe("gift");
  });
});
