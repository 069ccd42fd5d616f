import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exportMoodleXml, importMoodleXml, streamMoodleXml, type ExportPicture } from "@/lib/quiz/import/moodle-xml";
import type { ImportedPicture } from "@/lib/quiz/import/problems";
import { mediaRefs, mediaToken, type MediaRef } from "@/lib/quiz/media-refs";
import { BLANK_MARK, type Difficulty, type Question } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";
import { exportXlsx, importXlsx } from "@/lib/quiz/import/xlsx";

/**
 * Moodle XML round trips of banks with every type and pictures (tokens) in every text Moodle's
 * format carries pictures in: stems, options, explanations (generalfeedback), matching items
 * (subquestion text), ordering items, the essay's grader information, cloze stems. Pictures go
 * out as Moodle writes them (<img src="@@PLUGINFILE@@/…"> + base64 <file>) and come back as
 * the placeholders the importer hands to its caller; the caller here stores them as the real
 * importer does, by content (sha-256), so a picture that comes back is the same picture.
 *
 * What does not round-trip, said here explicitly:
 * - a matching question's choices come back in the order Moodle keeps them (first use by the
 *   items, then the distractors), so the generator writes them in that order;
 * - pictures in matching choices, short answers, numerical answers and cloze gap answers: Moodle's
 *   format has no file area there; export writes the token as text (see the last test).
 */

function counter(prefix: string) {
  let n = 0;
  return () => `${prefix}${++n}`;
}

const CHARS = [..."油压套压抽油机井口（）“”、，。；：！？《》【】℃m³²±≤≥×÷πΔμΩ<>&'\"]]>{}~=#*|;\\%$@ab XYZ0129.-+\u3000\n\t／"];
/** Text for cloze stems and gap options: none of the cloze syntax ({} ~ = # : \ |). */
const CLOZE_CHARS = [..."油压套压抽油机井口（）“”、，。；！？《》【】℃m³²±≤≥×÷πΔμΩ<>&'\"]]>*%$@ab XYZ0129.-+\u3000／"];
const textOf = (chars: string[], max: number) =>
  fc
    .array(fc.constantFrom(...chars), { minLength: 1, maxLength: max })
    .map((cs) => cs.join("").trim())
    .filter((s) => s !== "");
/** Cloze text: its own 「（　）」 would be one more gap mark than there are gaps (the bank refuses that). */
const clozeText = (max: number) => textOf(CLOZE_CHARS, max).filter((s) => !s.includes(BLANK_MARK));

/** Three pictures: ids as the bank makes them, sizes, and bytes that read as PNG. */
const PICTURES: (MediaRef & { bytes: Uint8Array; name: string })[] = [1, 2, 3].map((n) => ({
  id: `pic${n}`.padEnd(16, String(n)),
  width: 100 * n,
  height: 60 * n,
  name: n === 3 ? "gauge.png" : "图 1.png", // two of the same name: export names them apart
  bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, n, n, n]),
}));
PICTURES[1]!.name = "图 1.png";
const FILES: ReadonlyMap<string, ExportPicture> = new Map(PICTURES.map((p) => [p.id, { name: p.name, bytes: p.bytes }]));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const BY_SHA = new Map(PICTURES.map((p) => [sha(p.bytes), mediaToken(p)]));

/** Text with pictures at random places (none, at the start, inside, at the end, twice). */
const withPictures = (t: fc.Arbitrary<string>, on: boolean) =>
  on
    ? fc
        .tuple(t, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PICTURES)), { maxLength: 2 }))
        .map(([s, pics]) => {
          // Places in the text as generated, from the end, so no token lands inside another.
          let out = s;
          const places = pics.map(([at, p]) => [at % (s.length + 1), p] as const).sort((a, b) => b[0] - a[0]);
          for (const [i, p] of places) out = out.slice(0, i) + mediaToken(p) + out.slice(i);
          return out.trim();
        })
        .filter((s) => s !== "")
    : t;

const name = fc
  .array(fc.constantFrom(..."采油集输安全仪表电工锅炉一二三 ABC-"), { minLength: 1, maxLength: 10 })
  .map((cs) => cs.join("").trim())
  .filter((s) => s !== "");
const decimal = fc.tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.integer({ min: 0, max: 3 })).map(([n, k]) => Number((n / 10 ** k).toFixed(k)));

function questionArb(pics: boolean): fc.Arbitrary<(ids: () => string) => Question> {
  const t = (max: number) => withPictures(textOf(CHARS, max), pics);
  const plain = (max: number) => textOf(CHARS, max);
  const common = fc.record({
    stem: t(60),
    explanation: fc.oneof(fc.constant(""), t(40)),
    difficulty: fc.integer({ min: 1, max: 5 }).map((d) => d as Difficulty),
    points: fc.integer({ min: 1, max: 10_000 }).map((c) => c / 100),
    category: fc.array(name, { maxLength: 2 }),
    tags: fc.uniqueArray(name, { maxLength: 2 }),
  });
  type Make = (ids: () => string) => Question;
  const options = fc.uniqueArray(t(20), { minLength: 2, maxLength: 6 });
  return fc.oneof(
    fc.tuple(common, options, fc.nat()).map(
      ([c, opts, k]): Make =>
        (ids) => {
          const o = opts.map((text) => ({ id: ids(), text }));
          return { ...c, type: "single", options: o, key: { correct: o[k % o.length]!.id } };
        },
    ),
    fc.tuple(common, options, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.constantFrom("partial" as const, "all_or_nothing" as const)).map(
      ([c, opts, picks, scoring]): Make =>
        (ids) => {
          const o = opts.map((text) => ({ id: ids(), text }));
          const correct = o.filter((_, i) => picks[i]).map((x) => x.id);
          return { ...c, type: "multiple", options: o, scoring, key: { correct: correct.length ? correct : [o[0]!.id] } };
        },
    ),
    fc.tuple(common, fc.boolean()).map(
      ([c, correct]): Make =>
        () => ({ ...c, type: "truefalse", key: { correct } }),
    ),
    fc.tuple(common, fc.array(fc.uniqueArray(plain(15), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })).map(
      ([c, blanks]): Make =>
        () => ({ ...c, type: "fill", key: { blanks } }),
    ),
    fc.tuple(common, decimal, decimal, fc.constantFrom("absolute" as const, "percent" as const), fc.constantFrom("", "MPa", "m³/d", "℃")).map(
      ([c, value, tol, kind, unit]): Make =>
        () => ({ ...c, type: "numeric", unit, key: { value, tolerance: { kind, value: Math.abs(tol) } } }),
    ),
    fc.tuple(common, fc.oneof(fc.constant(""), t(60))).map(
      ([c, reference]): Make =>
        () => ({ ...c, type: "essay", key: { reference } }),
    ),
    // Matching: choices in the order Moodle keeps them (first use by the items, then distractors).
    fc
      .tuple(
        common,
        fc.uniqueArray(t(15), { minLength: 2, maxLength: 5 }),
        fc.uniqueArray(plain(10), { minLength: 2, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
      )
      .map(
        ([c, itemTexts, choiceTexts, picks]): Make =>
          (ids) => {
            const order: number[] = [];
            const picked = itemTexts.map((_, i) => {
              const k = picks[i]! % choiceTexts.length;
              if (!order.includes(k)) order.push(k);
              return k;
            });
            for (let k = 0; k < choiceTexts.length; k++) if (!order.includes(k)) order.push(k);
            const choiceIds = new Map<number, string>();
            const items: { id: string; text: string }[] = [];
            const pairs: Record<string, string> = {};
            // Ids in file order, as the importer makes them: a subquestion's choice, then its item.
            itemTexts.forEach((text, i) => {
              const k = picked[i]!;
              if (!choiceIds.has(k)) choiceIds.set(k, ids());
              const id = ids();
              items.push({ id, text });
              pairs[id] = choiceIds.get(k)!;
            });
            for (const k of order) if (!choiceIds.has(k)) choiceIds.set(k, ids());
            const choices = order.map((k) => ({ id: choiceIds.get(k)!, text: choiceTexts[k]! }));
            return { ...c, type: "matching", items, choices, key: { pairs } };
          },
      ),
    fc
      .tuple(
        common,
        fc.uniqueArray(t(15), { minLength: 2, maxLength: 5 }),
        fc.constantFrom("all_or_nothing" as const, "absolute" as const, "relative" as const),
      )
      .map(
        ([c, texts, scoring]): Make =>
          (ids) => {
            const items = texts.map((text) => ({ id: ids(), text }));
            return { ...c, type: "ordering", items, scoring, key: { order: items.map((i) => i.id) } };
          },
      ),
    // Cloze: a numerical gap (so it stays cloze, not fill), a short-answer and a choice gap.
    fc
      .tuple(
        common,
        withPictures(clozeText(30), pics),
        withPictures(clozeText(30), pics),
        decimal,
        fc.integer({ min: 1, max: 5 }),
        clozeText(10),
        fc.uniqueArray(clozeText(10), { minLength: 2, maxLength: 4 }),
      )
      .map(
        ([c, before, after, value, weight, short, opts]): Make =>
          (ids) => {
            const options = opts.map((text) => ({ id: ids(), text }));
            const fractions = Object.fromEntries(options.map((o, i) => [o.id, i === 0 ? 1 : 0]));
            // A multiple-response gap: the first two right at 50 % each, the others −50 %.
            const ticks = opts.map((text) => ({ id: ids(), text }));
            const tickFractions = Object.fromEntries(ticks.map((o, i) => [o.id, i < 2 ? 0.5 : -0.5]));
            return {
              ...c,
              type: "cloze",
              stem: `${before}${BLANK_MARK}${after}${BLANK_MARK}${BLANK_MARK}${BLANK_MARK}`,
              gaps: [
                { kind: "numeric", weight },
                { kind: "short", weight: 1 },
                { kind: "choice", weight: 1, options },
                { kind: "multi", weight: 2, options: ticks },
              ],
              key: {
                gaps: [
                  { kind: "numeric", answers: [{ value, tolerance: { kind: "absolute", value: 0 }, fraction: 1 }] },
                  { kind: "short", answers: [short], fractions: [1] },
                  { kind: "choice", fractions },
                  { kind: "multi", fractions: tickFractions },
                ],
              },
            };
          },
      ),
  );
}

const bankArb = (pics: boolean) =>
  fc.array(questionArb(pics), { minLength: 1, maxLength: 8 }).map((makes) => {
    const ids = counter("i");
    return makes.map((m) => m(ids));
  });

/** Imports, then stores the pictures as the bank does: by content, so each comes back as its token. */
async function reimport(xml: string) {
  const media = new Map<string, ImportedPicture>();
  const r = await importMoodleXml(xml, { newId: counter("i"), media });
  if (!r.ok) return { r, pictures: media.size };
  const json = JSON.stringify(r.questions).replace(/\[\[img:([a-z0-9]{16}):0x0\]\]/g, (t, id: string) => {
    const pic = media.get(id);
    return pic ? (BY_SHA.get(sha(pic.bytes)) ?? `unknown picture ${pic.name}`) : t;
  });
  return { r: { ok: true, questions: JSON.parse(json) as Question[] }, pictures: media.size };
}

describe("Moodle XML round trips with pictures (property)", () => {
  it("generates only valid questions of every type", () => {
    fc.assert(
      fc.property(bankArb(true), (qs) => qs.every((q) => checkQuestion(q).length === 0)),
      { numRuns: 300 },
    );
    const types = new Set<string>();
    fc.assert(
      fc.property(bankArb(true), (qs) => {
        for (const q of qs) types.add(q.type);
      }),
      { numRuns: 200 },
    );
    expect([...types].sort()).toEqual(["cloze", "essay", "fill", "matching", "multiple", "numeric", "ordering", "single", "truefalse"]);
  });

  it("a bank of every type, with and without pictures, exported and imported again is the same bank", async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean().chain(bankArb), async (qs) => {
        const xml = exportMoodleXml(qs, FILES);
        const { r, pictures } = await reimport(xml);
        expect(r).toEqual({ ok: true, questions: qs });
        // Every picture shown went out as a file (none as token text), and came back.
        expect(xml).not.toMatch(/\[\[img:/);
        const shown = (JSON.stringify(qs).match(/\[\[img:/g) ?? []).length;
        expect(pictures).toBe(shown);
      }),
      { numRuns: 250 },
    );
  });

  it("the streamed export writes the same bytes, reading only the pictures of the question it is writing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean().chain(bankArb), async (qs) => {
        const asked: string[][] = [];
        let current: string[] = [];
        let out = "";
        for await (const piece of streamMoodleXml(qs, async (id) => {
          current.push(id);
          return FILES.get(id) ?? null;
        })) {
          out += piece;
          if (current.length) asked.push(current);
          current = [];
        }
        expect(out).toBe(exportMoodleXml(qs, FILES));
        // Each question's pictures are read when it is written, once each, and no other question's.
        const perQuestion = qs.map((q) => [...new Set(mediaRefs(JSON.stringify(q)).map((r) => r.id))]).filter((ids) => ids.length);
        expect(asked).toEqual(perQuestion);
      }),
      { numRuns: 100 },
    );
  });

  it("writes pictures as Moodle does: html with @@PLUGINFILE@@ and the file base64 in the same element, names unique in the question", () => {
    const [a, b, c] = PICTURES as [(typeof PICTURES)[0], (typeof PICTURES)[0], (typeof PICTURES)[0]];
    const q: Question = {
      type: "single",
      stem: `看图 ${mediaToken(a)} 和 ${mediaToken(b)}`,
      options: [
        { id: "x", text: `甲 ${mediaToken(c)}` },
        { id: "y", text: "乙" },
      ],
      key: { correct: "x" },
      explanation: mediaToken(a),
      difficulty: 3,
      points: 1,
      category: [],
      tags: [],
    };
    const xml = exportMoodleXml([q], FILES);
    const b64 = (p: typeof a) => Buffer.from(p.bytes).toString("base64");
    expect(xml).toContain(
      `<questiontext format="html"><text><![CDATA[<div style="white-space: pre-wrap">看图 <img src="@@PLUGINFILE@@/%E5%9B%BE%201.png" alt="" width="100" height="60"> 和 <img src="@@PLUGINFILE@@/%E5%9B%BE%201-2.png" alt="" width="200" height="120"></div>]]></text>`,
    );
    expect(xml).toContain(`<file name="图 1.png" path="/" encoding="base64">${b64(a)}</file>`);
    expect(xml).toContain(`<file name="图 1-2.png" path="/" encoding="base64">${b64(b)}</file>`);
    expect(xml).toMatch(/<answer fraction="100" format="html">\s*<text><!\[CDATA\[<div style="white-space: pre-wrap">甲 <img src="@@PLUGINFILE@@\/gauge.png"/);
    // The explanation carries its own copy of the file, named as in the stem.
    expect(xml).toMatch(
      /<generalfeedback format="html"><text><!\[CDATA\[<div style="white-space: pre-wrap"><img src="@@PLUGINFILE@@\/%E5%9B%BE%201.png"[\s\S]*?<file name="图 1.png"/,
    );
    // Exporting again writes the same file (stable names).
    expect(exportMoodleXml([q], FILES)).toBe(xml);
  });

  it("a picture where Moodle has no file area (a matching choice) goes out as its token text, and a picture no longer stored too", async () => {
    const q: Question = {
      type: "matching",
      stem: "连线",
      items: [
        { id: "i1", text: "甲" },
        { id: "i2", text: "乙" },
      ],
      choices: [
        { id: "c1", text: `一 ${mediaToken(PICTURES[0]!)}` },
        { id: "c2", text: "二" },
      ],
      key: { pairs: { i1: "c1", i2: "c2" } },
      explanation: `已删除的图 ${mediaToken({ id: "gonegonegonegone", width: 5, height: 5 })}`,
      difficulty: 3,
      points: 1,
      category: [],
      tags: [],
    };
    const xml = exportMoodleXml([q], FILES);
    expect(xml).not.toContain("<file");
    expect(xml).toContain(mediaToken(PICTURES[0]!));
    // Imported into the same bank, the tokens are the same; in another bank the importer reports them (integration test).
    const { r, pictures } = await reimport(xml);
    expect(pictures).toBe(0);
    expect(r.ok && r.questions[0]).toMatchObject({ choices: [{ text: q.choices[0]!.text }, { text: "二" }], explanation: q.explanation });
  });

  it("xlsx names each question's pictures in a 图片 column (the tokens stay in the text) and reads the sheet back the same", async () => {
    const q: Question = {
      type: "truefalse",
      stem: `阀门关闭 ${mediaToken(PICTURES[2]!)}`,
      key: { correct: true },
      explanation: `见 ${mediaToken(PICTURES[0]!)}`,
      difficulty: 3,
      points: 1,
      category: [],
      tags: [],
    };
    const plainQ: Question = { ...q, stem: "无图", explanation: "" };
    const book = await exportXlsx([q, plainQ], new Map([...FILES].map(([id, f]) => [id, f.name])));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(book as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("题库")!;
    const header = (ws.getRow(1).values as unknown[]).filter(Boolean);
    expect(header.at(-1)).toBe("已含图片");
    const col = header.length; // the last column (cells are numbered from 1)
    expect([ws.getRow(2).getCell(col).value, ws.getRow(3).getCell(col).value]).toEqual(["gauge.png\n图 1.png", null]);
    expect(await importXlsx(book, { newId: counter("i") })).toEqual({ ok: true, questions: [q, plainQ] });
    // Without pictures, no such column.
    const none = new ExcelJS.Workbook();
    await none.xlsx.load((await exportXlsx([plainQ])) as unknown as ArrayBuffer);
    expect((none.getWorksheet("题库")!.getRow(1).values as unknown[]).includes("已含图片")).toBe(false);
  });
});
