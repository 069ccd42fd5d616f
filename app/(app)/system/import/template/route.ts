import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/core/db";
import { buildTemplate } from "@/lib/members/import";
import { listSpecialties } from "@/lib/org/specialties";
import { attachment, XLSX } from "@/app/_lib/download";

export async function GET() {
  await requirePermission("member.write");
  const body = await buildTemplate(await listSpecialties(await getDb()));
  return attachment(body, { type: XLSX, asciiName: "members-template.xlsx", name: "职工导入模板.xlsx" });
}
