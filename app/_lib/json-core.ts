import { z } from "zod";
import type { Db } from "@/db/client";
import { getDb } from "@/lib/core/db";
import type { CurrentUser } from "@/lib/auth/user-row";
import { can, type Permission } from "@/lib/auth/permissions";
import { sameOriginJson } from "@/lib/auth/same-origin";
import { badRequest, fail, httpStatus, type Failure, type Params, type Result } from "@/lib/core/result";
import { makeTranslator, translateCode, type Locale } from "@/lib/i18n";

/**
 * A JSON route without the framework: session → permission → path parameters and body (zod) →
 * one lib call → the result as JSON, a failure answered with the status of its kind
 * (lib/core/result HTTP_STATUS) and a message in the user's language. Next's route handlers run it
 * through `jsonRoute` (json-route.ts); `npm start`'s server answers the quiz taker's busiest routes
 * with the very same specs without Next's request pipeline (scripts/quick-lane.ts).
 */

/** A path parameter that is an id: anything but a positive 32-bit integer is "not found". */
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);

/** Who may call: a learner (any signed-in member past the forced password change), or a permission. */
export type RouteGate = "learner" | Permission;

/** The signed-in user if they may pass the gate, else the failure to answer. */
export function gateUser(user: CurrentUser | null, g: RouteGate): Result<CurrentUser> {
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
  locale: Locale;
  /** A request header (null when absent). */
  header: (name: string) => string | null;
}

export interface JsonRouteSpec<P extends z.ZodType, B extends z.ZodType, T> {
  gate: RouteGate;
  params: P;
  /** Message for a path parameter that is not valid (sent with 404). */
  notFound: Parameters<typeof fail>[0];
  body: B;
  maxBytes: number;
  run: (ctx: RouteContext<z.output<P>, z.output<B>>) => Promise<Result<T>>;
  /** Shapes the success payload (`{ ok: true, … }`). */
  respond: (value: T) => Record<string, unknown>;
}

/** A route's spec, its types inferred (run's params and body are what the schemas give). */
export function jsonSpec<P extends z.ZodType, B extends z.ZodType, T>(spec: JsonRouteSpec<P, B, T>): JsonRouteSpec<P, B, T> {
  return spec;
}

/** What a JSON route needs of a request, whichever server took it. */
export interface JsonRequest {
  params: unknown;
  header(name: string): string | null;
  /** The user the session cookie names, if the session is live. */
  user(): Promise<CurrentUser | null>;
  /** The body, refused past `limit` bytes whatever Content-Length says. */
  body(limit: number): Promise<Result<Uint8Array>>;
  locale(): Promise<Locale>;
}

export interface JsonAnswer {
  status: number;
  payload: Record<string, unknown>;
}

/** A failure's JSON: a code for programs, a message in the user's language. */
export function failurePayload(f: { code: string; params?: Params }, locale: Locale): Record<string, unknown> {
  return { ok: false, code: f.code, message: translateCode(makeTranslator(locale), f.code, f.params) };
}

export async function answerJson<P extends z.ZodType, B extends z.ZodType, T>(spec: JsonRouteSpec<P, B, T>, req: JsonRequest): Promise<JsonAnswer> {
  const failed = async (f: Failure): Promise<JsonAnswer> => ({ status: httpStatus(f), payload: failurePayload(f, await req.locale()) });
  const params = spec.params.safeParse(req.params);
  if (!params.success) return failed(fail(spec.notFound, undefined, "notFound"));
  const refused = sameOriginJson(req.header);
  if (refused) return failed(refused);
  const user = gateUser(await req.user(), spec.gate);
  if (!user.ok) return failed(user);
  const raw = await req.body(spec.maxBytes);
  if (!raw.ok) return failed(raw);
  let json: unknown;
  try {
    const text = Buffer.from(raw.value).toString("utf8");
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    return failed(badRequest("quizTake.errors.badRequest"));
  }
  const body = spec.body.safeParse(json);
  if (!body.success) return failed(badRequest("quizTake.errors.badRequest"));
  const out = await spec.run({ db: await getDb(), user: user.value, params: params.data, body: body.data, locale: await req.locale(), header: req.header });
  if (!out.ok) return failed(out);
  return { status: 200, payload: { ok: true, ...spec.respond(out.value) } };
}
