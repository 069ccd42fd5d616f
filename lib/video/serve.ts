import { open, stat } from "node:fs/promises";
import { ifRangeMatches, makeEtag, noneMatch, parseRange } from "./range";

/**
 * Serves a file from disk with byte ranges (RFC 9110): 206 with Content-Range, 416 for a range
 * past the end or a malformed one, ETag / If-Range / If-None-Match, Accept-Ranges, HEAD.
 *
 * It takes no database handle: the caller checks who may see the file first, and the bytes
 * stream afterwards without holding a connection. The file is read chunk by chunk as the
 * client takes them (backpressure), and its handle is closed when the stream ends, when the
 * client goes away mid-stream (the body is cancelled), or when the request is aborted.
 */
const CHUNK = 256 * 1024;

let openHandles = 0;
/** File handles this module holds open right now (tests check nothing leaks). */
export function openFileHandles(): number {
  return openHandles;
}

interface ServeOptions {
  mime: string;
  /** Messages for the 416 answers, in the user's language. */
  messages?: { badRange: string; notSatisfiable: string };
  /** When set, nginx sends the bytes: the reply carries X-Accel-Redirect to this internal URI. */
  accelUri?: string | null;
  cacheControl?: string;
}

function jsonBody(code: string, message: string) {
  return JSON.stringify({ ok: false, code, message });
}

export async function serveFile(req: Request, file: string, opts: ServeOptions): Promise<Response> {
  const head = req.method === "HEAD";
  if (opts.accelUri) {
    // nginx answers the Range, If-Range and HEAD itself from the internal location, with sendfile.
    return new Response(null, {
      status: 200,
      headers: { "X-Accel-Redirect": opts.accelUri, "Content-Type": opts.mime, "Cache-Control": opts.cacheControl ?? "private, max-age=3600" },
    });
  }
  const st = await stat(file).catch(() => null);
  if (!st?.isFile())
    return new Response(jsonBody("video.errors.lessonNotFound", "not found"), { status: 404, headers: { "Content-Type": "application/json" } });
  const size = st.size;
  const etag = makeEtag(size, st.mtimeMs);
  const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000);
  const base: Record<string, string> = {
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Last-Modified": lastModified.toUTCString(),
    "Cache-Control": opts.cacheControl ?? "private, max-age=3600",
    "X-Content-Type-Options": "nosniff",
  };
  if (noneMatch(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers: base });

  let range = parseRange(req.headers.get("range"), size);
  if (range.type !== "full" && !ifRangeMatches(req.headers.get("if-range"), etag, lastModified)) range = { type: "full" };
  if (range.type === "invalid" || range.type === "unsatisfiable") {
    const code = range.type === "invalid" ? "video.errors.badRange" : "video.errors.rangeNotSatisfiable";
    const message = range.type === "invalid" ? (opts.messages?.badRange ?? "malformed Range") : (opts.messages?.notSatisfiable ?? "range not satisfiable");
    return new Response(head ? null : jsonBody(code, message), {
      status: 416,
      headers: { ...base, "Content-Range": `bytes */${size}`, "Content-Type": "application/json; charset=utf-8" },
    });
  }
  const start = range.type === "range" ? range.start : 0;
  const end = range.type === "range" ? range.end : size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  const headers: Record<string, string> = { ...base, "Content-Type": opts.mime, "Content-Length": String(length) };
  const status = range.type === "range" ? 206 : 200;
  if (range.type === "range") headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  if (head || length === 0) return new Response(null, { status, headers });

  const fh = await open(file, "r");
  openHandles++;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    openHandles--;
    await fh.close().catch(() => {});
  };
  let pos = start;
  const onAbort = () => void close();
  req.signal?.addEventListener("abort", onAbort, { once: true });
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (closed) return controller.close();
        const want = Math.min(CHUNK, end + 1 - pos);
        if (want <= 0) {
          await close();
          req.signal?.removeEventListener("abort", onAbort);
          return controller.close();
        }
        try {
          const buf = new Uint8Array(want);
          const { bytesRead } = await fh.read(buf, 0, want, pos);
          if (bytesRead === 0) {
            // The file shrank under us: end the body short; the client sees a short read.
            await close();
            return controller.error(new Error("file shrank"));
          }
          pos += bytesRead;
          controller.enqueue(bytesRead === want ? buf : buf.subarray(0, bytesRead));
        } catch (e) {
          await close();
          controller.error(e);
        }
      },
      async cancel() {
        req.signal?.removeEventListener("abort", onAbort);
        await close();
      },
    },
    { highWaterMark: 1 },
  );
  return new Response(body, { status, headers });
}
