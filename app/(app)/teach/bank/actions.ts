"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { OPTION_LABELS } from "@/lib/quiz";
import { createQuestion, editQuestion } from "@/lib/quiz/bank";
import { toStored } from "@/lib/quiz/store";
import type { QuestionProblem } from "@/lib/quiz/validate";
import { getQuestion, payloadToQuestion, questionPayload, renameCategory, setArchived } from "@/lib/quiz/admin";
import { getT } from "@/app/_lib/i18n";

export interface EditorState {
  error?: string;
  /** Messages per field (stem, options, answer, …). */
  fields?: Record<string, string[]>;
  /** Messages per option, by position. */
  options?: Record<number, string[]>;
}

export async function saveQuestionAction(_prev: EditorState, form: FormData): Promise<EditorState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const id = Number(form.get("id") || 0);
  let json: unknown;
  try {
    json = JSON.parse(String(form.get("payload") ?? ""));
  } catch {
    return { error: t("errors.invalidInput") };
  }
  const parsed = questionPayload.safeParse(json);
  if (!parsed.success) return { error: t("errors.invalidInput") };
  const db = await getDb();
  const current = id ? await getQuestion(db, id) : null;
  if (id && !current) return { error: t("quizAdmin.question.notFound") };
  if (current && current.shown.question.type !== parsed.data.type) return { error: t("quizAdmin.editor.typeLocked") };

  const { question, problems } = payloadToQuestion(parsed.data);
  if (!question) return describe(t, problems);
  if (current) {
    // Saving what is already there makes no version: the history shows real changes only.
    const same = (q: typeof question) => JSON.stringify([toStored(q), q.category, [...q.tags].sort()]);
    if (same(question) === same(current.shown.question)) redirect(`/teach/bank/${id}?unchanged=1`);
  }
  const r = current ? await editQuestion(db, user.userId, id, question) : await createQuestion(db, user.userId, question);
  if (!r.ok) return describe(t, r.problems);
  revalidatePath("/teach/bank");
  redirect(`/teach/bank/${r.questionId}?saved=${r.version}`);
}

function describe(t: Awaited<ReturnType<typeof getT>>, problems: QuestionProblem[]): EditorState {
  const fields: Record<string, string[]> = {};
  const options: Record<number, string[]> = {};
  for (const p of problems) {
    const message = translateCode(t, p.code, p.params);
    if (p.option !== undefined) {
      (options[p.option] ??= []).push(message);
      (fields.options ??= []).push(t("quizAdmin.editor.optionProblem", { label: OPTION_LABELS[p.option] ?? String(p.option + 1), message }));
    } else (fields[p.field] ??= []).push(message);
  }
  return { error: t("quizAdmin.editor.problems"), fields, options };
}

const archiveInput = z.object({ id: z.coerce.number().int().positive(), archived: z.enum(["true", "false"]) });

export async function setArchivedAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const parsed = archiveInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return;
  const archived = parsed.data.archived === "true";
  await setArchived(await getDb(), user.userId, parsed.data.id, archived);
  revalidatePath("/teach/bank");
  redirect(`/teach/bank/${parsed.data.id}?${archived ? "archivedDone" : "unarchivedDone"}=1`);
}

const renameInput = z.object({ id: z.coerce.number().int().positive(), name: z.string().max(200) });

/** Renames a category; the outcome comes back in the query string (works without JavaScript). */
export async function renameCategoryAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const parsed = renameInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) redirect("/teach/bank");
  const r = await renameCategory(await getDb(), user.userId, parsed.data.id, parsed.data.name);
  revalidatePath("/teach/bank");
  redirect(`/teach/bank?cat=${parsed.data.id}&${r.ok ? "renamed=1" : `error=${encodeURIComponent(r.code)}`}`);
}
