import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { idField } from "@/app/_lib/action";
import { planReport } from "@/lib/plans/plans";
import { planWorkbook } from "@/lib/plans/export";
import { attachment, plainText, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";
import { httpStatus } from "@/lib/core/result";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const id = idField.safeParse((await params).id);
  if (!id.success) return plainText(t("plans.errors.planNotFound"), 404);
  const found = await planReport(await getDb(), user, id.data);
  if (!found.ok) return plainText(t(found.code), httpStatus(found));
  const r = found.value;
  const body = await planWorkbook(t, r);
  return attachment(body, { type: XLSX, asciiName: `training-plan-${r.plan.year}.xlsx`, name: `培训计划-${r.plan.unit.name}-${r.plan.year}.xlsx` });
}
