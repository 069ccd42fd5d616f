"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { addCertificate, createCertificateType, importCertificates, setCertificateTypeActive } from "@/lib/certificates";
import { translateCode, type Translate } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";

export interface CertState {
  ok?: string;
  error?: string;
  problems?: { where: string; message: string }[];
}

const COLUMN_KEY: Record<string, "certificates.employeeNo" | "certificates.type" | "certificates.number" | "certificates.issuedOn" | "certificates.expiresOn"> = {
  employeeNo: "certificates.employeeNo",
  type: "certificates.type",
  number: "certificates.number",
  issuedOn: "certificates.issuedOn",
  expiresOn: "certificates.expiresOn",
};

function where(t: Translate, row: number | null, column: string | null): string {
  const col = column ? (COLUMN_KEY[column] ? t(COLUMN_KEY[column]) : column) : null;
  return [row !== null ? t("certificates.row", { row }) : null, col ? t("certificates.column", { column: col }) : null].filter(Boolean).join(" · ");
}

export async function createTypeAction(_prev: CertState, form: FormData): Promise<CertState> {
  const user = await requirePermission("jobs.write");
  const t = await getT();
  const r = await createCertificateType(await getDb(), user.userId, Object.fromEntries(form));
  if (!r.ok) return { error: translateCode(t, r.code) };
  revalidatePath("/system/certificates");
  return { ok: t("certificates.created") };
}

export async function setTypeActiveAction(form: FormData): Promise<void> {
  const user = await requirePermission("jobs.write");
  await setCertificateTypeActive(await getDb(), user.userId, Number(form.get("id")), form.get("active") === "true");
  revalidatePath("/system/certificates");
}

export async function addCertificateAction(_prev: CertState, form: FormData): Promise<CertState> {
  const user = await requirePermission("jobs.write");
  const t = await getT();
  const r = await addCertificate(await getDb(), user.userId, Object.fromEntries(form));
  if (!r.ok) return { error: r.problems.map((p) => `${where(t, null, p.column)} ${translateCode(t, p.code, p.params)}`).join(" ") };
  revalidatePath("/system/certificates");
  return { ok: t("certificates.saved") };
}

export async function importAction(_prev: CertState, form: FormData): Promise<CertState> {
  const user = await requirePermission("jobs.write");
  const t = await getT();
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: t("import.errors.empty") };
  const r = await importCertificates(await getDb(), user.userId, new Uint8Array(await file.arrayBuffer()));
  if (r.ok) {
    revalidatePath("/system/certificates");
    return { ok: t("certificates.imported", { created: r.created, updated: r.updated }) };
  }
  return {
    error: t("certificates.failed", { count: r.problems.length }),
    problems: r.problems.slice(0, 500).map((p) => ({ where: where(t, p.row, p.column), message: translateCode(t, p.code, p.params) })),
  };
}
