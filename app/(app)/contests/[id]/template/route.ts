import { requirePermission } from "@/lib/auth/session";
import { resultsTemplate } from "@/lib/contests";

export async function GET() {
  await requirePermission("teach.manage");
  const bytes = await resultsTemplate();
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="contest-results.xlsx"; filename*=UTF-8''${encodeURIComponent("竞赛成绩模板.xlsx")}`,
    },
  });
}
