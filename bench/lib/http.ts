// A keep-alive HTTP client for load generation: plain node:http (the cheapest client on Node 20,
// which matters when the load generator shares 2 cores with the server and the database).
import http from "node:http";

export interface HttpResult {
  status: number;
  body: string;
  ms: number;
  error?: string;
  headers?: http.IncomingHttpHeaders;
}

export interface HttpClient {
  request(method: "GET" | "POST", path: string, opts?: { body?: unknown; cookie?: string; timeoutMs?: number; accept?: string }): Promise<HttpResult>;
  close(): void;
}

export function httpClient(base: string, maxSockets: number): HttpClient {
  const url = new URL(base);
  // One socket per simulated phone at most; idle ones are kept (the server's keep-alive timeout is
  // raised to 65 s when the bench starts it, so a socket is never reused as the server closes it).
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, keepAliveMsecs: 30_000 });
  return {
    request(method, path, opts = {}) {
      const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
      const headers: http.OutgoingHttpHeaders = { accept: opts.accept ?? "application/json" };
      if (payload) {
        headers["content-type"] = "application/json";
        headers["content-length"] = payload.length;
      }
      if (opts.cookie) headers.cookie = opts.cookie;
      const t0 = performance.now();
      return new Promise<HttpResult>((resolve) => {
        let settled = false;
        const done = (r: Omit<HttpResult, "ms">) => {
          if (settled) return;
          settled = true;
          resolve({ ...r, ms: performance.now() - t0 });
        };
        const req = http.request({ agent, hostname: url.hostname, port: url.port, path, method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
          res.on("error", (e) => done({ status: 0, body: "", error: String(e) }));
        });
        req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error("timeout")));
        req.on("error", (e) => done({ status: 0, body: "", error: (e as NodeJS.ErrnoException).code ?? e.message }));
        if (payload) req.write(payload);
        req.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
