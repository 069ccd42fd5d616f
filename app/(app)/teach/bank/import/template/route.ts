import { requirePermission } from "@/lib/auth/session";
import { exportXlsx, sampleQuestions } from "@/lib/quiz";

/** The bank template with a few example rows of every type, and its 说明 sheet. */
export async function GET() {
  await requirePermission("teach.manage");
  const body = await exportXlsx(sampleQuestions());
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="question-bank-template.xlsx"; filename*=UTF-8''${encodeURIComponent("题库导入模板.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
