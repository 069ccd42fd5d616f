import { createRequire } from "node:module";
import path from "node:path";
import type { ActionCall, ActionShape, Fields, RouteCall } from "./types";

/**
 * Calls as an attacker makes them: a server action POSTed to a page with the `Next-Action`
 * header and its arguments encoded the way React's client encodes them (its own `encodeReply`,
 * from the Next.js build of react-server-dom-webpack), and route handlers with plain fetch.
 * Every answer is sorted into refused / succeeded / crashed / silent.
 */

const require = createRequire(path.join(process.cwd(), "package.json"));
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

export type Verdict = "refused" | "succeeded" | "crashed" | "silent";

export interface Answer {
  status: number;
  verdict: Verdict;
  /** What decided the verdict (a redirect target, an error code, a status). */
  detail: string;
  /** The start of the answer's text (for a control's `sees`). */
  body: string;
}

export function formData(fields: Fields): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const x of v) f.append(k, x);
    else if (typeof v === "string") f.append(k, v);
    else f.append(k, new Blob([v.bytes as BlobPart], { type: v.type }), v.file);
  }
  return f;
}

/** The arguments of an action call, by the action's shape. */
export function actionArgs(shape: ActionShape, call: ActionCall): unknown[] {
  if (call.args) return call.args;
  const form = formData(call.form ?? {});
  if (shape === "state-form") return [{ status: "idle" }, form];
  if (shape === "form") return [form];
  return [];
}

export async function sendAction(base: string, cookie: string, actionId: string, page: string, args: unknown[]): Promise<Answer> {
  const body = await encodeReply(args);
  const headers: Record<string, string> = {
    "Next-Action": actionId,
    Accept: "text/x-component",
    Origin: base,
  };
  if (cookie) headers.Cookie = cookie;
  if (typeof body === "string") headers["Content-Type"] = "text/plain;charset=UTF-8";
  const res = await fetch(base + page, { method: "POST", headers, body, redirect: "manual" });
  return judge(res, await res.text());
}

export async function sendRoute(base: string, cookie: string, method: string, call: RouteCall): Promise<Answer> {
  const headers: Record<string, string> = { Origin: base, ...(call.headers ?? {}) };
  if (cookie) headers.Cookie = cookie;
  const hasBody = call.body !== undefined && method !== "GET" && method !== "HEAD";
  if (hasBody && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
  const res = await fetch(base + call.path, { method, headers, body: hasBody ? (call.body as BodyInit) : undefined, redirect: "manual" });
  const type = res.headers.get("content-type") ?? "";
  let text = "";
  // A body that is not read is still drained, so the connection goes back to the pool.
  if (/json|text|x-component/.test(type)) text = await res.text();
  else await res.arrayBuffer();
  return judge(res, text);
}

const REFUSED_STATUS = new Set([400, 401, 403, 404, 405, 409, 413, 415, 422, 429]);

/**
 * Sorts an answer: a redirect to sign-in or with `error=`, a 4xx, an error state or JSON
 * `ok: false` is a refusal; a redirect elsewhere, an `ok` state, JSON `ok: true` or a file is
 * success; a 5xx is a crash; anything else says nothing.
 */
export function judge(res: Response, text: string): Answer {
  const type = res.headers.get("content-type") ?? "";
  // An action's answer is React's flight stream: the page may come along (after a revalidation),
  // so only the action's own return value is read.
  const body = /x-component/.test(type) ? actionResult(text) : text;
  return { ...verdictOf(res, type, body), body: body.slice(0, 4000) };
}

function verdictOf(res: Response, type: string, text: string): Omit<Answer, "body"> {
  const status = res.status;
  if (status >= 500) return { status, verdict: "crashed", detail: `HTTP ${status}${digest(text)}` };
  const target = res.headers.get("x-action-redirect") ?? (status >= 300 && status < 400 ? res.headers.get("location") : null);
  if (target) {
    const u = new URL(target.split(";")[0]!, "http://x");
    if (/^\/(login|account\/password)(\/|$)/.test(u.pathname)) return { status, verdict: "refused", detail: `→ ${u.pathname}` };
    if (u.searchParams.has("error")) return { status, verdict: "refused", detail: `→ ?error=${u.searchParams.get("error")}` };
    return { status, verdict: "succeeded", detail: `→ ${u.pathname}${u.search}` };
  }
  if (REFUSED_STATUS.has(status)) return { status, verdict: "refused", detail: `HTTP ${status}${code(text)}` };
  const stateCode = /"status":"error".*?"code":"([^"]*)"|"code":"([^"]*)".*?"status":"error"/.exec(text);
  if (stateCode) return { status, verdict: "refused", detail: `error state ${stateCode[1] ?? stateCode[2]}` };
  if (/"status":"error"|"tone":"error"|"error":"(?!\$undefined")[^"]/.test(text)) return { status, verdict: "refused", detail: `error state${message(text)}` };
  if (/"ok":false/.test(text)) return { status, verdict: "refused", detail: `ok:false${code(text)}` };
  if (/"status":"ok"|"ok":"(?!\$undefined")[^"]|"ok":true|"tone":"(success|info)"/.test(text))
    return { status, verdict: "succeeded", detail: `HTTP ${status} ok${message(text, "ok")}` };
  if (status >= 200 && status < 300 && !/x-component/.test(type) && type !== "")
    return { status, verdict: "succeeded", detail: `HTTP ${status} ${type.split(";")[0]}` };
  return { status, verdict: "silent", detail: `HTTP ${status}, answer ${text.slice(0, 60) || "empty"}` };
}

/** The return value of the action in a flight stream: row 0's `a`, following a `$@n` reference. */
export function actionResult(flight: string): string {
  const rows = new Map<string, string>();
  for (const line of flight.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  let root: { a?: unknown };
  try {
    root = JSON.parse(rows.get("0") ?? "{}");
  } catch {
    return flight;
  }
  const ref = typeof root.a === "string" ? /^\$@([0-9a-f]+)$/.exec(root.a) : null;
  if (!ref) return JSON.stringify(root.a ?? null);
  const row = rows.get(ref[1]!) ?? "null";
  // `E{…}`: the action threw (forbidden(), notFound(), an error) — its digest says which.
  return row.startsWith("E") ? row.slice(1) : row;
}

function code(text: string): string {
  const m = /"code":"([^"]+)"/.exec(text);
  return m ? ` ${m[1]}` : "";
}

function message(text: string, key = "error|message"): string {
  const m = new RegExp(`"(?:${key})":"([^"]{1,80})`).exec(text);
  return m ? ` "${m[1]}"` : "";
}

function digest(text: string): string {
  const m = /"digest":"([^"]+)"/.exec(text);
  return m ? ` (digest ${m[1]})` : "";
}
