import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/core/config";

// deploy/nginx.conf and the app's server must agree on their timeouts (issue 17: a 502 when nginx
// reused an upstream socket Node had closed at its 5 s keep-alive; 504s on slow submits).
const conf = readFileSync(path.resolve(import.meta.dirname, "../../deploy/nginx.conf"), "utf8")
  .split("\n")
  .filter((l) => !l.trim().startsWith("#"))
  .join("\n");
const seconds = (directive: string): number => {
  const m = new RegExp(`^\\s*${directive}\\s+(\\d+)s;`, "m").exec(conf);
  if (!m?.[1]) throw new Error(`${directive} not found in deploy/nginx.conf`);
  return Number(m[1]);
};

describe("deploy/nginx.conf", () => {
  it("closes idle upstream connections before the app does", () => {
    const upstream = /upstream jobready \{[^}]*\}/.exec(conf)?.[0] ?? "";
    const keepalive = Number(/keepalive_timeout\s+(\d+)s;/.exec(upstream)?.[1]);
    expect(keepalive).toBeGreaterThan(0);
    const app = parseConfig({}).HTTP_KEEPALIVE_S;
    expect(app).toBeGreaterThan(keepalive);
    // Upstream keep-alive needs HTTP/1.1 without "Connection: close".
    expect(conf).toMatch(/proxy_http_version 1\.1;/);
    expect(conf).toMatch(/proxy_set_header Connection "";/);
  });

  it("waits long enough for a slow submit", () => {
    expect(seconds("proxy_read_timeout")).toBeGreaterThanOrEqual(120);
  });

  it("passes the client's address, protocol and a request id", () => {
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
    expect(conf).toMatch(/proxy_set_header X-Request-Id \$request_id;/);
  });
});
