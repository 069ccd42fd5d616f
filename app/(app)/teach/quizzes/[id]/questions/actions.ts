"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { setSlots, slotInput } from "@/lib/quiz/quizzes";
import { regradeQuiz, searchQuestions, type BankRow } from "@/lib/quiz/admin";
import { getT } from "@/app/_lib/i18n";
import { requireQuizChange } from "../../guard";

export interface SlotsState {
  ok?: string;
  error?: string;
  seq?: number;
}

const slotsInput = z.object({ quizId: z.coerce.number().int().positive(), slots: z.array(slotInput).max(200) });

export async function saveSlotsAction(prev: SlotsState, form: FormData): Promise<SlotsState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const seq = (prev.seq ?? 0) + 1;
  let slots: unknown;
  try {
    slots = JSON.parse(String(form.get("slots") ?? "[]"));
  } catch {
    return { error: t("errors.invalidInput"), seq };
  }
  const parsed = slotsInput.safeParse({ quizId: form.get("quizId"), slots });
  if (!parsed.success) return { error: t("errors.invalidInput"), seq };
  await requireQuizChange(parsed.data.quizId);
  const r = await setSlots(await getDb(), user.userId, parsed.data.quizId, parsed.data.slots);
  if (!r.ok) return { error: translateCode(t, r.code, r.params), seq };
  revalidatePath(`/teach/quizzes/${parsed.data.quizId}`, "layout");
  return { ok: t("quizAdmin.slots.saved"), seq };
}

export type PickRow = Pick<BankRow, "id" | "stem" | "type" | "difficulty" | "points" | "categoryPath">;

/** The slot editor's search of the bank: the first matches of the current versions. */
export async function searchBankAction(query: { q?: string; cat?: number; type?: string }): Promise<PickRow[]> {
  await requirePermission("teach.manage");
  const f = z
    .object({ q: z.string().trim().max(100).optional(), cat: z.number().int().positive().optional(), type: z.enum(["single", "multiple", "truefalse", "fill", "numeric", "essay"]).optional() })
    .safeParse(query);
  if (!f.success) return [];
  const r = await searchQuestions(await getDb(), { q: f.data.q || undefined, cat: f.data.cat, type: f.data.type }, 15);
  return r.rows.map(({ id, stem, type, difficulty, points, categoryPath }) => ({ id, stem, type, difficulty, points, categoryPath }));
}

export interface RegradeState {
  ok?: string;
  detail?: string;
  error?: string;
  changes?: { attemptId: number; before: number | null; after: number }[];
}

export async function regradeAction(_prev: RegradeState, form: FormData): Promise<RegradeState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const quizId = Number(form.get("quizId"));
  if (!Number.isInteger(quizId) || quizId <= 0) return { error: t("errors.invalidInput") };
  await requireQuizChange(quizId);
  const r = await regradeQuiz(await getDb(), user.userId, quizId);
  if (!r.ok) return { error: translateCode(t, r.code, r.params) };
  revalidatePath(`/teach/quizzes/${quizId}`, "layout");
  return {
    ok: t("quizAdmin.regrade.done", { moved: r.value.moved, regraded: r.value.regraded, changed: r.value.changed }),
    detail: r.value.blocked ? t("quizAdmin.regrade.doneBlocked", { blocked: r.value.blocked }) : undefined,
    changes: r.value.changes.map(({ attemptId, before, after }) => ({ attemptId, before, after })),
  };
}
