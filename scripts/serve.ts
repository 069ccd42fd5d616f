// The production server of `npm start`: Next's request handler behind a plain Node HTTP server, so
// that the connection's own address reaches the app. Next writes it into X-Forwarded-For only when
// a request brings none, which leaves the sign-in throttle's address to the client; here the header
// is rewritten at the socket (lib/auth/client-address.ts): the connection's address, or, from a
// proxy in TRUSTED_PROXIES, the proxy's header plus its address. The other forwarded headers
// (protocol, host, port) are likewise believed from trusted proxies only.
import { createServer } from "node:http";
import { forwardedForAtSocket, fromTrustedProxy } from "../lib/auth/client-address";
import { trustedProxies } from "../lib/auth/settings";

export async function serve(opts: { dir: string; port: number; hostname?: string }): Promise<void> {
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  const trusted = trustedProxies();
  const app = next({ dev: false, dir: opts.dir, port: opts.port, hostname: opts.hostname });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    const peer = req.socket.remoteAddress;
    req.headers["x-forwarded-for"] = forwardedForAtSocket(req.headers["x-forwarded-for"], peer, trusted);
    if (!fromTrustedProxy(peer, trusted)) {
      // Not from a trusted proxy: Next works these out from the connection itself.
      for (const h of ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"]) delete req.headers[h];
    }
    handle(req, res).catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  // As `next start`: idle keep-alive connections are closed a little after a proxy would.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(opts.port, opts.hostname, resolve));
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.close(() => process.exit(0)));
}
