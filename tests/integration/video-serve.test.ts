import { createServer, request as httpRequest, type Server } from "node:http";
import { mkdtemp, rm, writeFile, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFileHandles, serveFile } from "@/lib/video/serve";

/**
 * The range-serving file streamer against real files on disk, through a real HTTP server (the
 * same Request → Response path a Next route handler takes), every header case the player and
 * Safari send, and a client that hangs up mid-stream.
 */
let dir: string;
let file: string;
let server: Server;
let base: string;
const SIZE = 3 * 1024 * 1024 + 17;
const data = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i++) data[i] = (i * 31 + (i >> 8)) & 0xff;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "jr-serve-"));
  file = path.join(dir, "v.mp4");
  await writeFile(file, data);
  await utimes(file, new Date("2026-01-02T03:04:05Z"), new Date("2026-01-02T03:04:05Z"));
  server = createServer(async (req, res) => {
    const ac = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) ac.abort();
    });
    const request = new Request(`http://x${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, signal: ac.signal });
    const response = await serveFile(request, req.url === "/missing" ? path.join(dir, "nope.mp4") : file, { mime: "video/mp4" });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return res.end();
    const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
    body.pipe(res);
    res.on("close", () => body.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(headers: Record<string, string> = {}, method = "GET", url = "/v") {
  const r = await fetch(base + url, { method, headers });
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, body };
}

describe("range serving", () => {
  it("sends the whole file with Accept-Ranges, ETag and Last-Modified", async () => {
    const r = await get();
    expect(r.status).toBe(200);
    expect(r.headers.get("accept-ranges")).toBe("bytes");
    expect(r.headers.get("content-length")).toBe(String(SIZE));
    expect(r.headers.get("content-type")).toBe("video/mp4");
    expect(r.headers.get("etag")).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(r.headers.get("last-modified")).toBe("Fri, 02 Jan 2026 03:04:05 GMT");
    expect(r.body.equals(data)).toBe(true);
  });

  it("answers Safari's bytes=0-1 probe with 206 and two bytes", async () => {
    const r = await get({ Range: "bytes=0-1" });
    expect(r.status).toBe(206);
    expect(r.headers.get("content-range")).toBe(`bytes 0-1/${SIZE}`);
    expect(r.headers.get("content-length")).toBe("2");
    expect(r.body.equals(data.subarray(0, 2))).toBe(true);
  });

  it("serves open-ended, suffix and middle ranges byte for byte", async () => {
    for (const [h, s, e] of [
      ["bytes=1000000-", 1000000, SIZE - 1],
      ["bytes=-4096", SIZE - 4096, SIZE - 1],
      ["bytes=262143-786433", 262143, 786433],
      ["bytes=5-999999999", 5, SIZE - 1],
    ] as const) {
      const r = await get({ Range: h });
      expect(r.status, h).toBe(206);
      expect(r.headers.get("content-range")).toBe(`bytes ${s}-${e}/${SIZE}`);
      expect(r.body.equals(data.subarray(s, e + 1)), h).toBe(true);
    }
  });

  it("answers 416 with Content-Range */size and a message for a range past the end", async () => {
    const r = await get({ Range: `bytes=${SIZE}-` });
    expect(r.status).toBe(416);
    expect(r.headers.get("content-range")).toBe(`bytes */${SIZE}`);
    expect(JSON.parse(r.body.toString()).code).toBe("video.errors.rangeNotSatisfiable");
  });

  it("answers 416 with a message for a malformed Range, and ignores other units", async () => {
    for (const h of ["bytes=abc", "bytes=9-3", "bytes=", "bytes=--1"]) {
      const r = await get({ Range: h });
      expect(r.status, h).toBe(416);
      expect(JSON.parse(r.body.toString()).code).toBe("video.errors.badRange");
    }
    const other = await get({ Range: "pages=1-2" });
    expect(other.status).toBe(200);
    expect(other.body.length).toBe(SIZE);
  });

  it("honours If-Range only while the ETag or date still match", async () => {
    const etag = (await get({}, "HEAD")).headers.get("etag")!;
    const same = await get({ Range: "bytes=10-19", "If-Range": etag });
    expect(same.status).toBe(206);
    expect(same.body.length).toBe(10);
    const byDate = await get({ Range: "bytes=10-19", "If-Range": "Fri, 02 Jan 2026 03:04:05 GMT" });
    expect(byDate.status).toBe(206);
    const changed = await get({ Range: "bytes=10-19", "If-Range": '"stale-1"' });
    expect(changed.status).toBe(200);
    expect(changed.body.length).toBe(SIZE);
  });

  it("answers 304 to If-None-Match with the current ETag", async () => {
    const etag = (await get({}, "HEAD")).headers.get("etag")!;
    expect((await get({ "If-None-Match": etag })).status).toBe(304);
  });

  it("answers HEAD with the headers and no body, for whole and ranged requests", async () => {
    const whole = await get({}, "HEAD");
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-length")).toBe(String(SIZE));
    expect(whole.body.length).toBe(0);
    const part = await get({ Range: "bytes=0-1" }, "HEAD");
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-1/${SIZE}`);
    expect(part.body.length).toBe(0);
    expect((await get({}, "GET", "/missing")).status).toBe(404);
  });

  it("closes the file when a client hangs up mid-stream", async () => {
    expect(openFileHandles()).toBe(0);
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${base}/v`, { headers: { Range: "bytes=0-" } }, (res) => {
        let got = 0;
        res.on("data", (c: Buffer) => {
          got += c.length;
          // Some bytes in, far from the end: the file is open now; hang up.
          if (got > 64 * 1024 && !req.destroyed) {
            expect(openFileHandles()).toBe(1);
            req.destroy();
            resolve();
          }
        });
        res.on("error", () => {});
      });
      req.on("error", () => {});
      req.setTimeout(10_000, () => reject(new Error("timeout")));
      req.end();
    });
    for (let i = 0; i < 100 && openFileHandles() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(openFileHandles()).toBe(0);
  });

  it("closes the file when the body is cancelled, and after a full read", async () => {
    const res = await serveFile(new Request("http://x/v", { headers: { Range: "bytes=0-" } }), file, { mime: "video/mp4" });
    const reader = res.body!.getReader();
    await reader.read();
    expect(openFileHandles()).toBe(1);
    await reader.cancel();
    expect(openFileHandles()).toBe(0);
    const full = await serveFile(new Request("http://x/v"), file, { mime: "video/mp4" });
    expect(Buffer.from(await full.arrayBuffer()).length).toBe(SIZE);
    expect(openFileHandles()).toBe(0);
  });

  it("hands the file to nginx with X-Accel-Redirect when configured", async () => {
    const res = await serveFile(new Request("http://x/v", { headers: { Range: "bytes=0-1" } }), file, {
      mime: "video/mp4",
      accelUri: "/_media/lessons/1/a.mp4",
    });
    expect(res.headers.get("x-accel-redirect")).toBe("/_media/lessons/1/a.mp4");
    expect(res.body).toBeNull();
    expect(openFileHandles()).toBe(0);
  });
});
