import { forbidden } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { hoursTemplate } from "@/lib/hours/import";
import { attachment, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";

export async function GET() {
  const user = await requireUser();
  if (!can(user, "teach.manage") && !can(user, "roster.read")) forbidden();
  const body = await hoursTemplate(await getT());
  return attachment(body, { type: XLSX, asciiName: "hours-template.xlsx", name: "学时导入模板.xlsx" });
}
