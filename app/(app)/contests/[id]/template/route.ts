import { requirePermission } from "@/lib/auth/session";
import { resultsTemplate } from "@/lib/contests";
import { attachment, XLSX } from "@/app/_lib/download";

export async function GET() {
  await requirePermission("teach.manage");
  return attachment(await resultsTemplate(), { type: XLSX, asciiName: "contest-results.xlsx", name: "竞赛成绩模板.xlsx" });
}
