// The quick lane of `npm start`'s server (scripts/serve.ts): a quiz taker's start, save and submit
// answered from their route specs (app/_lib/take-routes.ts) without Next's request pipeline. In a
// quiz storm these are nearly every request, and Next's routing, request objects and proxy cost
// more than the save itself (bench/quiz-storm.ts: about half of a save's CPU). The checks are the
// routes' own (app/_lib/json-core.ts: same-origin JSON, the session in the database, the gate, zod,
// the lib call that checks the attempt is the worker's), and the answer carries the security
// headers the proxy gives every other answer (lib/auth/security-headers.ts). Any other request,
// and these paths with another method or shape, go to Next. QUICK_LANE=false sends all to Next.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { answerJson, type JsonAnswer, type JsonRouteSpec } from "../app/_lib/json-core";
import { saveRoute, startRoute, submitRoute } from "../app/_lib/take-routes";
import { userOfCookies } from "../lib/auth/cookie-session";
import { mediaOrigins, securityHeaders } from "../lib/auth/security-headers";
import { fail, type Result } from "../lib/core/result";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from "../lib/i18n";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
// biome-ignore lint/suspicious/noExplicitAny: the specs' own types are checked where they are written.
type AnySpec = JsonRouteSpec<any, any, any>;

const ROUTES: [RegExp, AnySpec][] = [
  [/^\/api\/attempts\/([^/]+)\/answers$/, saveRoute],
  [/^\/api\/attempts\/([^/]+)\/submit$/, submitRoute],
  [/^\/api\/quizzes\/([^/]+)\/start$/, startRoute],
];

/** The route spec and path id a request is for, or null when Next should answer it. */
export function laneRoute(method: string | undefined, url: string | undefined): { spec: AnySpec; id: string } | null {
  if (method !== "POST" || !url) return null;
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  for (const [re, spec] of ROUTES) {
    const m = re.exec(path);
    if (!m) continue;
    try {
      return { spec, id: decodeURIComponent(m[1]!) };
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Cookies of a request by name, read by the parser Next reads them with (a repeated name: the
 * last one), so the lane and Next take the same session cookie from the same request.
 */
export function cookiesOf(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  if (!header) return jar;
  for (const c of new RequestCookies(new Headers({ cookie: header })).getAll()) jar.set(c.name, c.value);
  return jar;
}

/** The body of at most `limit` bytes, whatever Content-Length says; past it the rest is discarded. */
function readBody(req: IncomingMessage, limit: number): Promise<Result<Uint8Array>> {
  const tooLarge = fail("quizTake.errors.payloadTooLarge", undefined, "tooLarge");
  if (Number(req.headers["content-length"] ?? 0) > limit) {
    req.resume();
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        req.off("data", onData);
        req.resume();
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve({ ok: true, value: new Uint8Array(Buffer.concat(chunks)) }));
    req.once("error", reject);
    req.once("aborted", () => reject(new Error("request aborted")));
  });
}

function send(req: IncomingMessage, res: ServerResponse, path: string, answer: JsonAnswer): void {
  const headers = securityHeaders({
    nonce: randomBytes(16).toString("base64"),
    pathname: path,
    https: req.headers["x-forwarded-proto"] === "https" || Boolean((req.socket as { encrypted?: boolean }).encrypted),
    media: mediaOrigins(),
  });
  const body = JSON.stringify(answer.payload);
  res.writeHead(answer.status, {
    ...headers,
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Next's handler with the quick lane in front of it. */
export function withQuickLane(next: Handler): Handler {
  return async (req, res) => {
    const route = laneRoute(req.method, req.url);
    if (!route) return next(req, res);
    const jar = cookiesOf(req.headers.cookie);
    const lang = jar.get(LOCALE_COOKIE);
    const locale: Locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
    const answer = await answerJson(route.spec, {
      params: { id: route.id },
      header: (name) => {
        const v = req.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
      },
      user: () => userOfCookies((name) => jar.get(name)),
      body: (limit) => readBody(req, limit),
      locale: async () => locale,
    });
    send(req, res, (req.url ?? "/").split("?")[0]!, answer);
  };
}
