import { Readable } from "node:stream";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/core/db";
import { unitExportDownload } from "@/lib/person-file/exports";
import { getStorage } from "@/lib/storage";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** A finished unit export's zip: its requester or an admin (lib/person-file/exports checks and audits). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) return text(t("errors.notFound"), 404);
  const r = await unitExportDownload(await getDb(), user, id.data);
  if (!r.ok) return text(t(r.code as Parameters<typeof t>[0]), 404);
  const body = Readable.toWeb(await getStorage().read(r.value.key)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      ...(r.value.size !== null ? { "Content-Length": String(r.value.size) } : {}),
      "Content-Disposition": `attachment; filename="unit-files-${id.data}.zip"; filename*=UTF-8''${encodeURIComponent(r.value.filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
