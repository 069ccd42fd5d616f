import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { personFile } from "@/lib/person-file";
import { personFilePdf } from "@/lib/person-file/pdf";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** 一人一档 as a PDF: the member themself, or whoever may read the member's records. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) return text(t("errors.notFound"), 404);
  const found = await personFile(await getDb(), user, id.data);
  if (!found.ok) return text(t(found.kind === "forbidden" ? "errors.forbidden" : "errors.notFound"), found.kind === "forbidden" ? 403 : 404);
  const body = await personFilePdf(t, found.value);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="file-${found.value.member.employeeNo}.pdf"; filename*=UTF-8''${encodeURIComponent(`一人一档-${found.value.member.name}-${found.value.member.employeeNo}.pdf`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
