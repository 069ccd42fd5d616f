import { forbidden } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { hoursTemplate } from "@/lib/hours/import";
import { getT } from "@/app/_lib/i18n";

export async function GET() {
  const user = await requireUser();
  if (!can(user, "teach.manage") && !can(user, "roster.read")) forbidden();
  const body = await hoursTemplate(await getT());
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="hours-template.xlsx"; filename*=UTF-8''${encodeURIComponent("学时导入模板.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
