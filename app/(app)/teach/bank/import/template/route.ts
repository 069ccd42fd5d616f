import { requirePermission } from "@/lib/auth/session";
import { exportXlsx, sampleQuestions } from "@/lib/quiz";
import { attachment, XLSX } from "@/app/_lib/download";

/** The bank template with a few example rows of every type, and its 说明 sheet. */
export async function GET() {
  await requirePermission("teach.manage");
  const body = await exportXlsx(sampleQuestions());
  return attachment(body, { type: XLSX, asciiName: "question-bank-template.xlsx", name: "题库导入模板.xlsx" });
}
