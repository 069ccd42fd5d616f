"use server";

import { z } from "zod";
import { failWithProblems, ok } from "@/lib/core/result";
import { MAX_FILE_BYTES } from "@/lib/quiz";
import { importQuestionFile, parseCategoryPath } from "@/lib/quiz/admin";
import { formAction } from "@/app/_lib/action";

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

const importInput = z
  .object({ file: z.instanceof(File, { message: "quizAdmin.import.empty" }), defaultCategory: z.string().max(1000).default("") })
  .superRefine((o, ctx) => {
    if (o.file.size === 0) ctx.addIssue({ code: "custom", path: ["file"], message: "quizAdmin.import.empty" });
    else if (o.file.size > MAX_FILE_BYTES)
      ctx.addIssue({ code: "custom", path: ["file"], message: "quizAdmin.import.tooLarge", params: { size: mb(o.file.size), limit: mb(MAX_FILE_BYTES) } });
  });

/** Imports a question file whole or not at all; every problem comes back with where it is. */
export const importQuestionsAction = formAction({
  permission: "teach.manage",
  input: importInput,
  run: async ({ db, user, input, t }) => {
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    const r = await importQuestionFile(db, user, bytes, input.file.name.slice(0, 255), { defaultCategory: parseCategoryPath(input.defaultCategory) });
    if (r.ok) return ok({ ...r.value, format: t(`quizAdmin.import.formats.${r.format}`) });
    if (!("format" in r)) return r;
    const problems = r.problems.map((p) => ({
      row: p.row ?? p.line ?? null,
      column: p.column ?? null,
      code: p.code,
      ...(p.params ? { params: p.params } : {}),
    }));
    return failWithProblems("quizAdmin.import.failed", problems, { format: t(`quizAdmin.import.formats.${r.format}`), count: r.total });
  },
  done: (r, { t }) => ({
    message: "quizAdmin.import.done",
    params: { count: r.created, format: r.format },
    revalidate: ["/teach/bank"],
    data: { detail: t("quizAdmin.import.doneCategories", { list: r.categories.join(t("quizAdmin.sep")) }) },
  }),
});
