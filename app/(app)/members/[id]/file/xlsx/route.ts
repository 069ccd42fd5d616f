import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { personFile } from "@/lib/person-file";
import { personFileXlsx } from "@/lib/person-file/xlsx";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** 一人一档 as an .xlsx (one sheet per part): the member themself, or whoever may read the member's records. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) return text(t("errors.notFound"), 404);
  const found = await personFile(await getDb(), user, id.data);
  if (!found.ok) return text(t(found.kind === "forbidden" ? "errors.forbidden" : "errors.notFound"), found.kind === "forbidden" ? 403 : 404);
  const body = await personFileXlsx(t, found.value);
  const m = found.value.member;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="file-${m.employeeNo}.xlsx"; filename*=UTF-8''${encodeURIComponent(`一人一档-${m.name}-${m.employeeNo}.xlsx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
