import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/core/db";
import { buildTemplate } from "@/lib/members/import";
import { listSpecialties } from "@/lib/org/specialties";

export async function GET() {
  await requirePermission("member.write");
  const body = await buildTemplate(await listSpecialties(await getDb()));
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="members-template.xlsx"; filename*=UTF-8''${encodeURIComponent("职工导入模板.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
