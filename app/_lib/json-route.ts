import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/core/db";
import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { sameOriginJson } from "@/lib/auth/same-origin";
import { badRequest, fail, httpStatus, type Failure, type Params, type Result } from "@/lib/core/result";
import { makeTranslator, translateCode, type Locale } from "@/lib/i18n";
import { getLocale } from "./i18n";

/**
 * The one way a JSON route handler runs: session → permission → path parameters and body (zod)
 * → one lib call → the result as JSON, a failure answered with the status of its kind
 * (lib/core/result HTTP_STATUS) and a message in the user's language.
 */

/** A JSON error the browser can show as it is: a code for programs, a message in the user's language. */
export async function jsonError(status: number, code: string, params?: Params, locale?: Locale) {
  const t = makeTranslator(locale ?? (await getLocale()));
  return NextResponse.json({ ok: false, code, message: translateCode(t, code, params) }, { status, headers: { "Cache-Control": "no-store" } });
}

/** A failure as its JSON answer. */
export function failureResponse(f: Failure, locale?: Locale) {
  return jsonError(httpStatus(f), f.code, f.params, locale);
}

/** A path parameter that is an id: anything but a positive 32-bit integer is "not found". */
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);

/** Reads a body of at most `limit` bytes without trusting Content-Length. */
export async function readBody(req: Request, limit: number): Promise<Result<Uint8Array>> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) return fail("quizTake.errors.payloadTooLarge", undefined, "tooLarge");
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return fail("quizTake.errors.payloadTooLarge", undefined, "tooLarge");
      }
      chunks.push(value);
    }
  }
  return { ok: true, value: new Uint8Array(Buffer.concat(chunks)) };
}

/** Who may call: a learner (any signed-in member past the forced password change), or a permission. */
export type RouteGate = "learner" | Permission;

export async function routeUser(g: RouteGate): Promise<Result<CurrentUser>> {
  const user = await getCurrentUser();
  if (!user) return fail("errors.signInAgain", undefined, "unauthenticated");
  if (user.mustChangePassword) return fail("auth.mustChange", undefined, "forbidden");
  if (!can(user, g === "learner" ? "self.learn" : g)) return fail("errors.forbidden", undefined, "forbidden");
  return { ok: true, value: user };
}

export interface RouteContext<P, B> {
  db: Db;
  user: CurrentUser;
  params: P;
  body: B;
  req: Request;
}

/**
 * A JSON POST route: `params` checks the path parameters (a bad id is a 404), `body` the JSON
 * body of at most `maxBytes`; `respond` shapes the success payload (`{ ok: true, … }`).
 */
export function jsonRoute<P extends z.ZodType, B extends z.ZodType, T>(spec: {
  gate: RouteGate;
  params: P;
  /** Message for a path parameter that is not valid (sent with 404). */
  notFound: Parameters<typeof fail>[0];
  body: B;
  maxBytes: number;
  run: (ctx: RouteContext<z.output<P>, z.output<B>>) => Promise<Result<T>>;
  respond: (value: T) => Record<string, unknown>;
}): (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response> {
  return async (req, ctx) => {
    const params = spec.params.safeParse(await ctx.params);
    if (!params.success) return failureResponse(fail(spec.notFound, undefined, "notFound"));
    const refused = sameOriginJson(req);
    if (refused) return failureResponse(refused);
    const user = await routeUser(spec.gate);
    if (!user.ok) return failureResponse(user);
    const raw = await readBody(req, spec.maxBytes);
    if (!raw.ok) return failureResponse(raw);
    let json: unknown;
    try {
      const text = Buffer.from(raw.value).toString("utf8");
      json = text === "" ? {} : JSON.parse(text);
    } catch {
      return failureResponse(badRequest("quizTake.errors.badRequest"));
    }
    const body = spec.body.safeParse(json);
    if (!body.success) return failureResponse(badRequest("quizTake.errors.badRequest"));
    const out = await spec.run({ db: await getDb(), user: user.value, params: params.data, body: body.data, req });
    if (!out.ok) return failureResponse(out);
    return NextResponse.json({ ok: true, ...spec.respond(out.value) }, { headers: { "Cache-Control": "no-store" } });
  };
}
