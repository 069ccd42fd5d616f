import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { personFile } from "@/lib/person-file";
import { personFileXlsx } from "@/lib/person-file/xlsx";
import { attachment, failureText, plainText, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";

/** 一人一档 as an .xlsx (one sheet per part): the member themself, or whoever may read the member's records. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) return plainText(t("errors.notFound"), 404);
  const found = await personFile(await getDb(), user, id.data);
  if (!found.ok) return failureText(t, found, found.kind === "forbidden" ? "errors.forbidden" : "errors.notFound");
  const m = found.value.member;
  return attachment(await personFileXlsx(t, found.value), {
    type: XLSX,
    asciiName: `file-${m.employeeNo}.xlsx`,
    name: `一人一档-${m.name}-${m.employeeNo}.xlsx`,
  });
}
