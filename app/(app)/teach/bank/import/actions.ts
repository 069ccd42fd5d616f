"use server";

import { z } from "zod";
import { failWithProblems, ok } from "@/lib/core/result";
import { MAX_FILE_BYTES } from "@/lib/quiz";
import { importQuestionFile, parseCategoryPath } from "@/lib/quiz/admin";
import { formAction } from "@/app/_lib/action";

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

const importInput = z
  .object({
    file: z.instanceof(File, { message: "quizAdmin.import.empty" }),
    defaultCategory: z.string().max(1000).default(""),
    /** The checkbox: skip the questions with problems and import the rest. */
    importRest: z.literal("on").optional(),
  })
  .superRefine((o, ctx) => {
    if (o.file.size === 0) ctx.addIssue({ code: "custom", path: ["file"], message: "quizAdmin.import.empty" });
    else if (o.file.size > MAX_FILE_BYTES)
      ctx.addIssue({ code: "custom", path: ["file"], message: "quizAdmin.import.tooLarge", params: { size: mb(o.file.size), limit: mb(MAX_FILE_BYTES) } });
  });

/**
 * Imports a question file. A file with problems writes nothing and lists every problem with
 * where it is, and how many questions could still be imported; with "import the rest" ticked,
 * those are written and the skipped ones listed.
 */
export const importQuestionsAction = formAction({
  permission: "teach.manage",
  input: importInput,
  run: async ({ db, user, input, t }) => {
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    const r = await importQuestionFile(db, user, bytes, input.file.name.slice(0, 255), {
      defaultCategory: parseCategoryPath(input.defaultCategory),
      importRest: input.importRest === "on",
    });
    if (r.ok) return ok({ ...r.value, format: t(`quizAdmin.import.formats.${r.format}`) });
    if (!("format" in r)) return r;
    const problems = r.problems.map((p) => ({
      row: p.row ?? p.line ?? null,
      column: p.column ?? null,
      code: p.code,
      ...(p.params ? { params: p.params } : {}),
    }));
    const format = t(`quizAdmin.import.formats.${r.format}`);
    if (r.importable > 0) return failWithProblems("quizAdmin.import.failedSome", problems, { format, count: r.total, importable: r.importable });
    return failWithProblems("quizAdmin.import.failed", problems, { format, count: r.total });
  },
  done: (r, { t }) => ({
    message: r.skippedTotal > 0 ? "quizAdmin.import.doneSkipped" : "quizAdmin.import.done",
    params: { count: r.created, format: r.format, skipped: r.skippedTotal },
    revalidate: ["/teach/bank"],
    data: {
      detail: t("quizAdmin.import.doneCategories", { list: r.categories.join(t("quizAdmin.sep")) }),
      skipped: r.skipped.map((p) => ({
        where: [p.row ?? p.line, p.column]
          .filter((x) => x !== undefined)
          .map((x, i) => (i === 0 ? t("import.row", { row: x as number }) : t("import.column", { column: String(x) })))
          .join(" · "),
        message: t(p.code, p.params),
      })),
    },
  }),
});
