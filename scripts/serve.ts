// The production server of `npm start`: Next's request handler behind a plain Node HTTP server, so
// that the connection's own address reaches the app. Next writes it into X-Forwarded-For only when
// a request brings none, which leaves the sign-in throttle's address to the client; here the header
// is rewritten at the socket (lib/auth/client-address.ts): the connection's address, or, from a
// proxy in TRUSTED_PROXIES, the proxy's header plus its address. The other forwarded headers
// (protocol, host, port) are likewise believed from trusted proxies only.
//
// Every request gets an id (X-Request-Id: a trusted proxy's, else a new one), answered in the same
// header and carried by every log line written while it is served (lib/core/log.ts); its time is
// counted in the latency histogram per route (lib/core/metrics.ts). With METRICS_PORT set, the
// metrics are served on that port only, never on the app's. A quiz taker's start, save and submit
// take the quick lane (scripts/quick-lane.ts) unless QUICK_LANE=false.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { forwardedForAtSocket, fromTrustedProxy } from "../lib/auth/client-address";
import { trustedProxies } from "../lib/auth/settings";
import { config } from "../lib/core/config";
import { log, withRequest } from "../lib/core/log";
import { metrics, routeLabel } from "../lib/core/metrics";
import { withQuickLane } from "./quick-lane";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The request's id: the one a trusted proxy sent (if well-formed), else a new one. */
export function requestIdOf(header: string | string[] | undefined, trustedPeer: boolean): string {
  const given = Array.isArray(header) ? header[0] : header;
  return trustedPeer && given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Wraps Next's handler: forwarded headers from trusted proxies only, the request id, timing, errors logged. */
export function instrument(handle: Handler, trusted: ReturnType<typeof trustedProxies>): (req: IncomingMessage, res: ServerResponse) => void {
  const { httpDuration } = metrics();
  return (req, res) => {
    const started = process.hrtime.bigint();
    const peer = req.socket.remoteAddress;
    const fromProxy = fromTrustedProxy(peer, trusted);
    req.headers["x-forwarded-for"] = forwardedForAtSocket(req.headers["x-forwarded-for"], peer, trusted);
    if (!fromProxy) {
      // Not from a trusted proxy: Next works these out from the connection itself.
      for (const h of ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"]) delete req.headers[h];
    }
    const requestId = requestIdOf(req.headers["x-request-id"], fromProxy);
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    withRequest({ requestId }, () => {
      res.once("close", () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        httpDuration.observe({ method: req.method ?? "GET", route: routeLabel(path, res.statusCode), status: String(res.statusCode) }, seconds);
        log().debug({ method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1000) }, "request");
      });
      handle(req, res).catch((err: unknown) => {
        log().error({ err, method: req.method, url: req.url }, "request failed");
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  };
}

/**
 * How many web processes `npm start` runs and whether it runs the job worker: on PostgreSQL
 * WEB_CONCURRENCY (0: one per core) with the jobs in one worker process of their own (unless
 * JOBS_IN_WEB=false leaves them to a `npm run worker` elsewhere); on the embedded database one
 * process, which runs the jobs itself (PGlite allows one process per folder).
 */
export function processPlan(
  settings: { DATABASE_URL?: string; WEB_CONCURRENCY: number; JOBS_IN_WEB: boolean },
  cores: number,
): { web: number; jobWorker: boolean; jobsInWeb: boolean } {
  if (!settings.DATABASE_URL) return { web: 1, jobWorker: false, jobsInWeb: true };
  return { web: settings.WEB_CONCURRENCY || Math.max(1, cores), jobWorker: settings.JOBS_IN_WEB, jobsInWeb: false };
}

/** The operators' port: Prometheus text at /metrics, nothing else. */
export function metricsServer(): Server {
  const { registry } = metrics();
  return createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "Content-Type": registry.contentType }).end(text),
      (err: unknown) => {
        log().error({ err }, "metrics failed");
        res.writeHead(500).end();
      },
    );
  });
}

export async function serve(opts: { dir: string; port: number; hostname?: string }): Promise<void> {
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  const settings = config();
  const app = next({ dev: false, dir: opts.dir, port: opts.port, hostname: opts.hostname });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  const server = createServer(instrument(settings.QUICK_LANE ? withQuickLane(nextHandler) : nextHandler, trustedProxies()));
  // Idle keep-alive connections close after HTTP_KEEPALIVE_S, above the proxy's upstream
  // keepalive_timeout (deploy/nginx.conf: 60 s): the proxy always drops an idle socket first, so it
  // never sends a request down one Node is closing (the 502 of issue 17). Node's headersTimeout
  // must be above keepAliveTimeout, or a slow next request on a kept socket is cut off.
  server.keepAliveTimeout = settings.HTTP_KEEPALIVE_S * 1000;
  server.headersTimeout = (settings.HTTP_KEEPALIVE_S + 1) * 1000;
  await new Promise<void>((resolve) => server.listen(opts.port, opts.hostname, resolve));
  const servers = [server];
  if (settings.METRICS_PORT) {
    const m = metricsServer();
    await new Promise<void>((resolve) => m.listen(settings.METRICS_PORT, settings.METRICS_HOST, resolve));
    servers.push(m);
    log().info({ port: settings.METRICS_PORT, host: settings.METRICS_HOST }, "metrics served at /metrics");
  }
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => {
      // The job runner the start-up began (lib/jobs, on globalThis) lets a run under way finish.
      const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      const jobs = import("../lib/jobs").then((m) => m.stopJobs());
      void Promise.allSettled([...closed, jobs]).then(() => process.exit(0));
    });
}
