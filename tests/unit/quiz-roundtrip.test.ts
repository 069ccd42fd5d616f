import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivedName, exportMoodleXml, importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { exportXlsx, importXlsx } from "@/lib/quiz/import/xlsx";
import type { Difficulty, Question } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";

function counter(prefix = "o") {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/**
 * Characters that stress every format: XML and CDATA syntax, GIFT/cloze/xlsx separators and
 * escapes, full-width forms, Chinese punctuation, formulas and units. ASCII ":" is left out so
 * that no stem happens to contain a cloze marker such as {1:SA:=x}, which Moodle reads as a
 * blank wherever it stands.
 */
const CHARS = [..."油压套压抽油机井口（）“”、，。；：！？《》【】℃m³²±≤≥×÷πΔμΩ<>&'\"]]>{}~=#*|;\\%$@ab XYZ0129.-+\u3000\n\t／"];
const text = (max = 30) =>
  fc
    .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: max })
    .map((cs) => cs.join("").trim())
    .filter((s) => s !== "");
const name = fc
  .array(fc.constantFrom(..."采油集输安全仪表电工锅炉一二三 ABC-"), { minLength: 1, maxLength: 10 })
  .map((cs) => cs.join("").trim())
  .filter((s) => s !== "");
const decimal = fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 6 })).map(([n, k]) => Number((n / 10 ** k).toFixed(k)));
const points = fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100);

type Draft = Omit<Question, "options"> & { options?: string[] };

const common = fc.record({
  stem: text(60),
  explanation: fc.oneof(fc.constant(""), text(40)),
  difficulty: fc.integer({ min: 1, max: 5 }).map((d) => d as Difficulty),
  points,
  category: fc.array(name, { maxLength: 3 }),
  tags: fc.uniqueArray(name, { maxLength: 3 }),
});

const draft: fc.Arbitrary<Draft> = fc.oneof(
  fc
    .tuple(common, fc.uniqueArray(text(20), { minLength: 2, maxLength: 8 }), fc.nat())
    .map(([c, options, k]) => ({ ...c, type: "single", options, key: { correct: String(k % options.length) } }) as Draft),
  fc
    .tuple(
      common,
      fc.uniqueArray(text(20), { minLength: 2, maxLength: 8 }),
      fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      fc.constantFrom("partial", "all_or_nothing"),
    )
    .map(([c, options, picks, scoring]) => {
      const correct = options.map((_, i) => String(i)).filter((_, i) => picks[i]);
      return { ...c, type: "multiple", options, scoring, key: { correct: correct.length ? correct : ["0"] } } as Draft;
    }),
  fc.tuple(common, fc.boolean()).map(([c, correct]) => ({ ...c, type: "truefalse", key: { correct } }) as Draft),
  fc
    .tuple(common, fc.array(fc.uniqueArray(text(15), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }))
    .map(([c, blanks]) => ({ ...c, type: "fill", key: { blanks } }) as Draft),
  fc
    .tuple(common, decimal, decimal, fc.constantFrom("absolute", "percent"), fc.oneof(fc.constant(""), fc.constantFrom("MPa", "m³/d", "℃", "t", "%")))
    .map(([c, value, tol, kind, unit]) => ({ ...c, type: "numeric", unit, key: { value, tolerance: { kind, value: Math.abs(tol) } } }) as Draft),
  fc.tuple(common, fc.oneof(fc.constant(""), text(60))).map(([c, reference]) => ({ ...c, type: "essay", key: { reference } }) as Draft),
);

/** Ids in file order, as an import with a fresh counter makes them. */
function withIds(drafts: Draft[]): Question[] {
  const next = counter();
  return drafts.map((d) => {
    if (d.type !== "single" && d.type !== "multiple") return d as Question;
    // Drafts name the correct options by position ("0", "1", …) until ids exist.
    const ids = d.options!.map(() => next());
    const options = d.options!.map((t, i) => ({ id: ids[i], text: t }));
    const correct = (d.key as { correct: string | readonly string[] }).correct;
    if (typeof correct === "string") return { ...d, options, key: { correct: ids[Number(correct)] } } as unknown as Question;
    return { ...d, options, key: { correct: correct.map((i) => ids[Number(i)]) } } as unknown as Question;
  });
}

const bank = fc.array(draft, { minLength: 1, maxLength: 12 }).map(withIds);

describe("round trips of random banks", () => {
  it("generates only valid questions", () => {
    fc.assert(fc.property(bank, (qs) => qs.every((q) => checkQuestion(q).length === 0)));
  });

  it("Moodle XML: export → import gives the same bank (property)", async () => {
    await fc.assert(
      fc.asyncProperty(bank, fc.option(name, { nil: undefined }), async (qs, title) => {
        // A title that only repeats the stem's first line is what export writes for "no title".
        fc.pre(title === undefined || title !== derivedName(qs[0]!.stem)); // minLength 1
        const withTitle = qs.map((q, i) => (i === 0 && title ? { ...q, title } : q));
        const r = await importMoodleXml(exportMoodleXml(withTitle), { newId: counter() });
        expect(r).toEqual({ ok: true, questions: withTitle });
      }),
      { numRuns: 200 },
    );
  });

  it("xlsx: export → import gives the same bank (property)", async () => {
    await fc.assert(
      fc.asyncProperty(bank, async (qs) => {
        const r = await importXlsx(await exportXlsx(qs), { newId: counter() });
        expect(r).toEqual({ ok: true, questions: qs });
      }),
      { numRuns: 25 },
    );
  });
});
