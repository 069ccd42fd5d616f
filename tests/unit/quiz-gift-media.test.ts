/**
 * GIFT has no place for files: a GIFT download says at its top, question by question, which
 * pictures and clips it does not carry (and the questions it leaves out), in the trainer's
 * language; the questions themselves still read back.
 */
import { describe, expect, it } from "vitest";
import { makeTranslator } from "@/lib/i18n";
import { exportGift, giftDownload } from "@/lib/quiz/import/gift-export";
import { importGift } from "@/lib/quiz/import/gift";
import { mediaToken } from "@/lib/quiz/media-refs";
import type { Question } from "@/lib/quiz/types";

const pic = (n: number) => mediaToken({ id: `pic${n}`.padEnd(16, "0"), width: 400, height: 300 });
const clip = mediaToken({ kind: "audio", id: "clip".padEnd(16, "0"), width: 0, height: 0 });
const meta = { explanation: "", difficulty: 3 as const, points: 1, category: ["看图"], tags: [] };

const BANK: Question[] = [
  { ...meta, type: "truefalse", title: "压力表", stem: `指针在红线内。\n${pic(1)}`, explanation: `见图 ${pic(2)}`, key: { correct: true } },
  { ...meta, type: "truefalse", stem: "阀门应缓慢开启。", key: { correct: true } },
  {
    ...meta,
    type: "single",
    title: "听音",
    stem: `这是什么声音？${clip}`,
    options: [
      { id: "a", text: `泵 ${pic(3)}` },
      { id: "b", text: "风机" },
    ],
    key: { correct: "a" },
  },
  {
    ...meta,
    type: "ordering",
    stem: "排序",
    items: [
      { id: "x", text: "一" },
      { id: "y", text: "二" },
    ],
    scoring: "all_or_nothing",
    key: { order: ["x", "y"] },
  },
];

describe("GIFT export of questions with pictures", () => {
  it("lists, per question written, how many pictures and clips the file does not carry", () => {
    const r = exportGift(BANK);
    expect(r.left).toEqual([{ index: 3, type: "ordering" }]);
    expect(r.media).toEqual([
      { index: 0, name: "压力表", pictures: 2, clips: 0 },
      { index: 2, name: "听音", pictures: 1, clips: 1 },
    ]);
  });

  it("says so at the top of the file, question by question, in both languages; the questions still read back", async () => {
    const zh = giftDownload(BANK, makeTranslator("zh-CN"));
    const head = zh.split("\n\n")[0]!.split("\n");
    expect(head).toEqual([
      "// GIFT 无法表达的 1 道题未导出：排序",
      expect.stringContaining("// GIFT 文件不能携带图片和音视频：以下 2 道题"),
      "//   「压力表」：图片 2 张，音视频 0 段",
      "//   「听音」：图片 1 张，音视频 1 段",
    ]);
    const en = giftDownload(BANK, makeTranslator("en"));
    expect(en).toContain('//   "压力表": 2 pictures, 0 audio or video clips');
    expect(en).toContain('//   "听音": 1 picture, 1 audio or video clip');
    expect(en).toContain("Export Moodle XML to take the files along.");
    const back = await importGift(zh);
    expect(back.ok && back.questions.map((q) => q.type)).toEqual(["truefalse", "truefalse", "single"]);
  });

  it("writes no header for a bank without pictures", () => {
    expect(giftDownload([BANK[1]!], makeTranslator("zh-CN"))).toBe(exportGift([BANK[1]!]).text);
  });
});
