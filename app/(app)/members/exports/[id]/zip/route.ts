import { Readable } from "node:stream";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/core/db";
import { unitExportDownload } from "@/lib/person-file/exports";
import { getStorage } from "@/lib/storage";
import { attachment, failureText, plainText, ZIP } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";

/** A finished unit export's zip: its requester or an admin (lib/person-file/exports checks and audits; refusals are all "not found"). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const id = idParam.safeParse((await params).id);
  if (!id.success) return plainText(t("errors.notFound"), 404);
  const r = await unitExportDownload(await getDb(), user, id.data);
  if (!r.ok) return failureText(t, r);
  const body = Readable.toWeb(await getStorage().read(r.value.key)) as ReadableStream<Uint8Array>;
  return attachment(body, { type: ZIP, asciiName: `unit-files-${id.data}.zip`, name: r.value.filename, size: r.value.size });
}
