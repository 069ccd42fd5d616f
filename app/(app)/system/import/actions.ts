"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { importMembers, MAX_FILE_BYTES } from "@/lib/members/import";
import { translateCode } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";

export interface ImportState {
  ok?: string;
  error?: string;
  problems?: { where: string; message: string }[];
}

export async function importMembersAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  const user = await requirePermission("member.write");
  const t = await getT();
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: t("import.errors.empty") };
  if (file.size > MAX_FILE_BYTES) {
    return { error: t("import.errors.tooLarge", { size: `${(file.size / 1048576).toFixed(1)} MB`, limit: "20 MB" }) };
  }
  const password = String(form.get("initialPassword") ?? "").slice(0, 128);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const r = await importMembers(await getDb(), user.userId, bytes, file.name, { initialPassword: password || null });
  if (r.ok) {
    revalidatePath("/members");
    return { ok: t("import.done", { created: r.created, updated: r.updated, accounts: r.accounts }) };
  }
  return {
    error: t("import.failed", { count: r.total }),
    problems: r.problems.map((p) => {
      const where = [p.row !== null ? t("import.row", { row: p.row }) : null, p.column !== null ? t("import.column", { column: p.column }) : null].filter(Boolean).join(" · ");
      const reason = typeof p.params?.reason === "string" ? translateCode(t, p.params.reason) : "";
      return { where, message: translateCode(t, p.code, p.params) + reason };
    }),
  };
}
