"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { contestInput, createContest, importResults, removeResult, resultInput, setResult } from "@/lib/contests";
import { MAX_FILE_BYTES } from "@/lib/members/import";
import { translateCode } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";
import { outcomeQuery } from "../points/_shared/outcome";

const str = (f: FormData, k: string) => String(f.get(k) ?? "");
const num = (f: FormData, k: string) => (str(f, k).trim() === "" ? null : Number(str(f, k)));

export async function createContestAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const parsed = contestInput.safeParse({ title: str(form, "title"), level: str(form, "level"), specialty: str(form, "specialty"), heldOn: str(form, "heldOn") });
  if (!parsed.success) redirect(`/contests?${outcomeQuery({ code: "errors.invalidInput" })}`);
  const { id } = await createContest(await getDb(), user.userId, parsed.data);
  revalidatePath("/contests");
  redirect(`/contests/${id}?created=1`);
}

export async function setResultAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const contestId = z.coerce.number().int().positive().parse(form.get("contestId"));
  const parsed = resultInput.safeParse({ employeeNo: str(form, "employeeNo"), rank: num(form, "rank"), score: num(form, "score"), award: str(form, "award") });
  if (!parsed.success) redirect(`/contests/${contestId}?${outcomeQuery({ code: "errors.invalidInput" })}`);
  const r = await setResult(await getDb(), user.userId, contestId, parsed.data);
  if (!r.ok) redirect(`/contests/${contestId}?${outcomeQuery(r)}`);
  revalidatePath(`/contests/${contestId}`);
  redirect(`/contests/${contestId}?result=1`);
}

export async function removeResultAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const contestId = z.coerce.number().int().positive().parse(form.get("contestId"));
  const memberId = z.coerce.number().int().positive().parse(form.get("memberId"));
  await removeResult(await getDb(), user.userId, contestId, memberId);
  revalidatePath(`/contests/${contestId}`);
  redirect(`/contests/${contestId}`);
}

export interface ImportState {
  ok?: string;
  error?: string;
  problems?: { where: string; message: string }[];
}

export async function importResultsAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const contestId = z.coerce.number().int().positive().parse(form.get("contestId"));
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: t("import.errors.empty") };
  if (file.size > MAX_FILE_BYTES) return { error: t("import.errors.tooLarge", { size: `${(file.size / 1048576).toFixed(1)} MB`, limit: "20 MB" }) };
  const r = await importResults(await getDb(), user.userId, contestId, new Uint8Array(await file.arrayBuffer()));
  if (r.ok) {
    revalidatePath(`/contests/${contestId}`);
    return { ok: t("methods.contests.imported", { count: r.count }) };
  }
  return {
    error: t("import.failed", { count: r.total }),
    problems: r.problems.map((p) => ({
      where: [p.row !== null ? t("import.row", { row: p.row }) : null, p.column !== null ? t("import.column", { column: p.column }) : null].filter(Boolean).join(" · "),
      message: translateCode(t, p.code, p.params),
    })),
  };
}
