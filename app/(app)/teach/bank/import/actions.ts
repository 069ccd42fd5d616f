"use server";

import { z } from "zod";
import { failWithProblems, ok, type Result } from "@/lib/core/result";
import { MAX_FILE_BYTES } from "@/lib/quiz";
import { importQuestionFile, parseCategoryPath, previewQuestionFile, type ImportOutcome, type ImportPreviewOutcome } from "@/lib/quiz/admin";
import type { ImportProblem } from "@/lib/quiz/import/problems";
import type { Translate } from "@/lib/i18n";
import { formAction } from "@/app/_lib/action";

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

const importInput = z
  .object({
    file: z.instanceof(File, { message: "quizAdmin.import.empty" }),
    /** The .zip of pictures the sheet's 图片 columns name; an empty file field is none. */
    pictures: z.instanceof(File).optional(),
    /** The preview button: read everything, write nothing. */
    mode: z.enum(["preview", "import"]).default("import"),
    defaultCategory: z.string().max(1000).default(""),
    /** The checkbox: skip the questions with problems and import the rest. */
    importRest: z.literal("on").optional(),
  })
  .superRefine((o, ctx) => {
    if (o.file.size === 0) ctx.addIssue({ code: "custom", path: ["file"], message: "quizAdmin.import.empty" });
    else if (o.file.size > MAX_FILE_BYTES)
      ctx.addIssue({ code: "custom", path: ["file"], message: "quizAdmin.import.tooLarge", params: { size: mb(o.file.size), limit: mb(MAX_FILE_BYTES) } });
    if (o.pictures && o.pictures.size > MAX_FILE_BYTES)
      ctx.addIssue({
        code: "custom",
        path: ["pictures"],
        message: "quizAdmin.import.tooLarge",
        params: { size: mb(o.pictures.size), limit: mb(MAX_FILE_BYTES) },
      });
  });

/** What the action hands back: a preview (nothing written) or what an import wrote. */
type Outcome = { preview: { summary: string; rows: ImportPreviewOutcome["rows"]; problems: ImportProblem[] } } | (ImportOutcome & { format: string });

const where = (p: ImportProblem) => ({ row: p.row ?? p.line ?? null, column: p.column ?? null, code: p.code, ...(p.params ? { params: p.params } : {}) });

/**
 * Imports a question file. A file with problems writes nothing and lists every problem with
 * where it is, and how many questions could still be imported; with "import the rest" ticked,
 * those are written and the skipped ones listed.
 */
export const importQuestionsAction = formAction({
  permission: "teach.manage",
  input: importInput,
  run: async ({ db, user, input, t }): Promise<Result<Outcome>> => {
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    const zip = input.pictures && input.pictures.size > 0 ? new Uint8Array(await input.pictures.arrayBuffer()) : undefined;
    const fileName = input.file.name.slice(0, 255);
    if (input.mode === "preview") {
      const p = await previewQuestionFile(db, user, bytes, fileName, zip);
      if (!p.ok) return p;
      const v = p.value;
      const format = t(`quizAdmin.import.formats.${v.format}`);
      return ok({
        preview: {
          summary: v.problems.length
            ? t("quizAdmin.import.previewProblems", { format, count: v.total, importable: v.importable })
            : t("quizAdmin.import.previewReady", { format, count: v.importable }),
          rows: v.rows,
          problems: v.problems,
        },
      });
    }
    const r = await importQuestionFile(db, user, bytes, fileName, {
      defaultCategory: parseCategoryPath(input.defaultCategory),
      importRest: input.importRest === "on",
      pictures: zip,
    });
    if (r.ok) return ok({ ...r.value, format: t(`quizAdmin.import.formats.${r.format}`) });
    if (!("format" in r)) return r;
    const problems = r.problems.map(where);
    const format = t(`quizAdmin.import.formats.${r.format}`);
    if (r.importable > 0) return failWithProblems("quizAdmin.import.failedSome", problems, { format, count: r.total, importable: r.importable });
    return failWithProblems("quizAdmin.import.failed", problems, { format, count: r.total });
  },
  done: (r, { t }) => {
    if ("preview" in r) {
      const p = r.preview;
      return { data: { preview: { summary: p.summary, rows: p.rows, problems: p.problems.map((x) => located(t, x)) } } };
    }
    return {
      message: r.skippedTotal > 0 ? "quizAdmin.import.doneSkipped" : "quizAdmin.import.done",
      params: { count: r.created, format: r.format, skipped: r.skippedTotal },
      revalidate: ["/teach/bank"],
      data: {
        detail: t("quizAdmin.import.doneCategories", { list: r.categories.join(t("quizAdmin.sep")) }),
        skipped: r.skipped.map((x) => located(t, x)),
      },
    };
  },
});

/** A problem as the problem list shows it: where (row · column, or line) and what. */
function located(t: Translate, p: ImportProblem): { where: string; message: string } {
  return {
    where: [p.row ?? p.line, p.column]
      .filter((x) => x !== undefined)
      .map((x, i) => (i === 0 ? t("import.row", { row: x as number }) : t("import.column", { column: String(x) })))
      .join(" · "),
    message: t(p.code, p.params),
  };
}
