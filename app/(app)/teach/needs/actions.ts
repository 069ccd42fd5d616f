"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { can, scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { rosterUnit } from "@/lib/eligibility/service";
import { assignNeeds } from "@/lib/needs";

export async function assignNeedsAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const db = await getDb();
  const scope = scopeOf(user, "teach.manage");
  const unitId = Number(form.get("unit"));
  const unit = Number.isInteger(unitId) && unitId > 0 ? await rosterUnit(db, scope, unitId) : null;
  if (!unit || !can(user, "teach.manage", unit.path)) redirect(`/teach/needs?error=unit`);
  const r = await assignNeeds(db, { unitPath: unit.path, scope, by: user.userId });
  if (!r.ok) redirect(`/teach/needs?unit=${unit.id}&error=none`);
  redirect(`/teach/needs?unit=${unit.id}&courses=${r.courses}&classes=${r.classes}&waitlisted=${r.waitlisted}`);
}
