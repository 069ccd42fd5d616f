/** JSON route handlers in Next: the specs' run (json-core.ts), and the pieces of routes that shape their own answers. */
import { NextResponse } from "next/server";
import type { z } from "zod";
import type { CurrentUser } from "@/lib/auth/user-row";
import { getCurrentUser } from "@/lib/auth/session";
import { fail, httpStatus, type Failure, type Params, type Result } from "@/lib/core/result";
import type { Locale } from "@/lib/i18n";
import { answerJson, failurePayload, gateUser, type JsonRouteSpec, type RouteGate } from "./json-core";
import { getLocale } from "./i18n";

export { idParam } from "./json-core";

/** A JSON error the browser can show as it is: a code for programs, a message in the user's language. */
export async function jsonError(status: number, code: string, params?: Params, locale?: Locale) {
  return NextResponse.json(failurePayload({ code, params }, locale ?? (await getLocale())), { status, headers: { "Cache-Control": "no-store" } });
}

/** A failure as its JSON answer. */
export function failureResponse(f: Failure, locale?: Locale) {
  return jsonError(httpStatus(f), f.code, f.params, locale);
}

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

export async function routeUser(g: RouteGate): Promise<Result<CurrentUser>> {
  return gateUser(await getCurrentUser(), g);
}

/**
 * A JSON POST route (the spec: json-core.ts): `params` checks the path parameters (a bad id is a
 * 404), `body` the JSON body of at most `maxBytes`; `respond` shapes the success payload.
 */
export function jsonRoute<P extends z.ZodType, B extends z.ZodType, T>(
  spec: JsonRouteSpec<P, B, T>,
): (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response> {
  return async (req, ctx) => {
    const answer = await answerJson(spec, {
      params: await ctx.params,
      header: (name) => req.headers.get(name),
      user: getCurrentUser,
      body: (limit) => readBody(req, limit),
      locale: getLocale,
    });
    return NextResponse.json(answer.payload, { status: answer.status, headers: { "Cache-Control": "no-store" } });
  };
}
