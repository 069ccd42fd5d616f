"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { MAX_FILE_BYTES } from "@/lib/quiz";
import { importQuestionFile, parseCategoryPath } from "@/lib/quiz/admin";
import { getT } from "@/app/_lib/i18n";

export interface ImportState {
  ok?: string;
  detail?: string;
  error?: string;
  problems?: { where: string; message: string }[];
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export async function importQuestionsAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: t("quizAdmin.import.empty") };
  if (file.size > MAX_FILE_BYTES) return { error: t("quizAdmin.import.tooLarge", { size: mb(file.size), limit: mb(MAX_FILE_BYTES) }) };
  const defaultCategory = parseCategoryPath(String(form.get("defaultCategory") ?? "").slice(0, 1000));
  const bytes = new Uint8Array(await file.arrayBuffer());
  const r = await importQuestionFile(await getDb(), user.userId, bytes, file.name.slice(0, 255), { defaultCategory });
  const format = t(`quizAdmin.import.formats.${r.format}`);
  if (r.ok) {
    revalidatePath("/teach/bank");
    return {
      ok: t("quizAdmin.import.done", { count: r.value.created, format }),
      detail: t("quizAdmin.import.doneCategories", { list: r.value.categories.join(t("quizAdmin.sep")) }),
    };
  }
  return {
    error: t("quizAdmin.import.failed", { format, count: r.total }),
    problems: r.problems.map((p) => {
      const where = [
        p.row !== undefined ? t("quizAdmin.import.row", { row: p.row }) : null,
        p.line !== undefined ? t("quizAdmin.import.line", { line: p.line }) : null,
        p.column ? t("quizAdmin.import.column", { column: p.column }) : null,
      ]
        .filter(Boolean)
        .join(" · ");
      return { where, message: translateCode(t, p.code, p.params) };
    }),
  };
}
