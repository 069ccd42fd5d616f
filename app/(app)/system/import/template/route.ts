import { requirePermission } from "@/lib/auth/session";
import { buildTemplate } from "@/lib/members/import";

export async function GET() {
  await requirePermission("member.write");
  const body = await buildTemplate();
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="members-template.xlsx"; filename*=UTF-8''${encodeURIComponent("职工导入模板.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
