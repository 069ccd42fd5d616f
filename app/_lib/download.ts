import { httpStatus, type Failure, type MessageKey } from "@/lib/core/result";
import type { Translate } from "@/lib/i18n";

/**
 * The one way a route hands out a file: `Content-Disposition: attachment` with a plain ASCII
 * `filename` for old clients and the real (Chinese) name as an RFC 5987 `filename*`, never cached;
 * refusals as plain text in the user's language.
 */

export const PDF = "application/pdf";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const ZIP = "application/zip";

export interface Attachment {
  /** Content-Type. */
  type: string;
  /** ASCII-only name, for clients that do not read `filename*`. */
  asciiName: string;
  /** The name as the user should see it (any characters). */
  name: string;
  /** Content-Length, when known in advance (a stream). */
  size?: number | null;
}

/** A file to download, never cached. */
export function attachment(body: ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>, file: Attachment): Response {
  return new Response(body instanceof ReadableStream ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": file.type,
      ...(file.size != null ? { "Content-Length": String(file.size) } : {}),
      "Content-Disposition": `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** A plain-text answer (a download's refusal). */
export function plainText(body: string, status: number): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** A failure as plain text: the status of its kind, its message (or `message`) in the user's language. */
export function failureText(t: Translate, f: Failure, message: MessageKey = f.code): Response {
  return plainText(t(message), httpStatus(f));
}
