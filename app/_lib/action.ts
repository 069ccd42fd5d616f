import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/core/db";
import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { fail, type Failure, type MessageKey, type Params, type Result } from "@/lib/core/result";
import { translateCode, type Translate } from "@/lib/i18n";
import { getT } from "./i18n";

/**
 * The one way a server action runs: session → permission → input (zod) → one lib call → a typed
 * result. An action file is then a few lines per action:
 *
 *   export const setResultAction = formAction({
 *     permission: "teach.manage",
 *     input: z.object({ contestId: id, employeeNo: z.string() }),
 *     run: ({ db, user, input }) => setResult(db, user, input),
 *     done: (_, { input }) => ({ message: "methods.contests.saved", revalidate: [`/contests/${input.contestId}`] }),
 *   });
 *
 * The permission here is the coarse gate (which section of the app); the lib function checks the
 * acting principal's scope and ownership itself. Refusals come back as `ActionState` in the user's
 * language (useActionState), or, for plain `<form action>` posts, as `?error=` on the page they
 * return to (`redirectAction`). Nothing here catches unexpected errors: they reach Next's error
 * page and the log.
 */

/** What a form shows after its action ran; the same shape for every form. */
export interface ActionState {
  status: "idle" | "ok" | "error";
  /** The outcome in the user's language. */
  message?: string;
  /** The message code, for tests and for forms that react to one refusal. */
  code?: string;
  /** Per field (the form's field name): what is wrong with it. */
  fieldErrors?: Record<string, string>;
  /** Located problems of an import: where (row · column) and what. */
  problems?: { where: string; message: string }[];
  /** What the user sent (text fields only), so a refused form keeps what was typed. */
  values?: Record<string, string>;
  /** Whatever the action hands back on success for the form to show (ids, counts). */
  data?: unknown;
}

export interface ActionContext<I> {
  db: Db;
  user: CurrentUser;
  input: I;
  t: Translate;
  form: FormData;
}

/** Who may call: a permission (held anywhere; the lib checks the scope), or any signed-in user. */
type Gate = Permission | "signedIn";

export interface Done {
  message?: MessageKey;
  params?: Params;
  revalidate?: string[];
  /** Leave for another page after success (the form's state is then not shown). */
  redirect?: string;
  data?: unknown;
}

/** A form's fields as an object: repeated names (and `name[]`) become arrays; files stay files. */
export function formObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of form.entries()) {
    if (rawKey.startsWith("$ACTION")) continue;
    const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
    const prev = out[key];
    if (rawKey.endsWith("[]")) out[key] = Array.isArray(prev) ? [...prev, value] : [value];
    else if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function textValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION") && !/password/i.test(k)) out[k] = v;
  return out;
}

/** A zod issue as a message: a custom message that is a message key, else a generic one. */
function issueMessage(t: Translate, issue: z.core.$ZodIssue): string {
  // A custom issue may carry the message's params (a range's min and max).
  const params = issue.code === "custom" ? (issue.params as Params | undefined) : undefined;
  if (issue.message && /^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$/.test(issue.message)) return translateCode(t, issue.message, params);
  if (issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined) return t("errors.required");
  if (issue.code === "too_big") return t("errors.tooLong");
  return t("errors.invalidInput");
}

function invalidState(t: Translate, error: z.ZodError, form: FormData): ActionState {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "");
    if (key && !(key in fieldErrors)) fieldErrors[key] = issueMessage(t, issue);
  }
  const first = error.issues[0];
  return {
    status: "error",
    code: "errors.invalidInput",
    message: first ? issueMessage(t, first) : t("errors.invalidInput"),
    fieldErrors,
    values: textValues(form),
  };
}

export function failureState(t: Translate, f: Failure, form?: FormData): ActionState {
  return {
    status: "error",
    code: f.code,
    message: translateCode(t, f.code, f.params),
    problems: f.problems?.map((p) => ({
      where: [p.row !== null ? t("import.row", { row: p.row }) : null, p.column !== null ? t("import.column", { column: p.column }) : null]
        .filter(Boolean)
        .join(" · "),
      message: translateCode(t, p.code, p.params),
    })),
    values: form ? textValues(form) : undefined,
  };
}

type Gated = { ok: true; user: CurrentUser } | { ok: false; failure: Failure };

async function gate(g: Gate): Promise<Gated> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, failure: fail("errors.signInAgain", undefined, "unauthenticated") };
  if (user.mustChangePassword) return { ok: false, failure: fail("auth.mustChange", undefined, "forbidden") };
  if (g !== "signedIn" && !can(user, g)) return { ok: false, failure: fail("errors.forbidden", undefined, "forbidden") };
  return { ok: true, user };
}

function finish(d: Done | undefined, t: Translate): ActionState {
  for (const p of d?.revalidate ?? []) revalidatePath(p);
  if (d?.redirect) redirect(d.redirect);
  return { status: "ok", message: d?.message ? t(d.message, d.params) : undefined, data: d?.data };
}

/**
 * A server action for a form with `useActionState`: `(prev, formData) => ActionState`. `input`
 * parses the form's fields; a refusal keeps the typed values for the form to show again.
 */
export function formAction<S extends z.ZodType, T>(spec: {
  permission: Gate;
  input: S;
  run: (ctx: ActionContext<z.output<S>>) => Promise<Result<T>>;
  done?: (value: T, ctx: ActionContext<z.output<S>>) => Done | undefined;
}): (prev: ActionState, form: FormData) => Promise<ActionState> {
  return async (_prev: ActionState, form: FormData): Promise<ActionState> => {
    const t = await getT();
    if (!(form instanceof FormData)) return failureState(t, fail("errors.badRequest", undefined, "badRequest"));
    const g = await gate(spec.permission);
    if (!g.ok) return failureState(t, g.failure);
    const parsed = spec.input.safeParse(formObject(form));
    if (!parsed.success) return invalidState(t, parsed.error, form);
    const ctx: ActionContext<z.output<S>> = { db: await getDb(), user: g.user, input: parsed.data, t, form };
    const r = await spec.run(ctx);
    if (!r.ok) return failureState(t, r, form);
    return finish(spec.done?.(r.value, ctx), t);
  };
}

/** The query string that carries a refusal (`error` code, `p.<name>` params) back to a page. */
export function outcomeQuery(f: { code: string; params?: Params }): string {
  const p = new URLSearchParams({ error: f.code });
  for (const [k, v] of Object.entries(f.params ?? {})) p.set(`p.${k}`, String(v));
  return p.toString();
}

type Search = Record<string, string | string[] | undefined>;

/** One value of a page's search parameters (the first when repeated). */
export function searchValue(search: Search, name: string): string | undefined {
  const v = search[name];
  return Array.isArray(v) ? v[0] : v;
}

function withQuery(path: string, query: string): string {
  const hash = path.indexOf("#");
  const [base, frag] = hash >= 0 ? [path.slice(0, hash), path.slice(hash)] : [path, ""];
  return `${base}${base.includes("?") ? "&" : "?"}${query}${frag}`;
}

/**
 * A server action for a plain `<form action>` (a button that publishes, enrols, removes): it ends
 * in a redirect. A refusal goes back to `back` with `?error=<code>` (shown by `OutcomeAlert`, app/_ui/outcome-alert);
 * success goes to what `done` names (default: `back`).
 */
export function redirectAction<S extends z.ZodType, T>(spec: {
  permission: Gate;
  input: S;
  /** Where to go back to; gets the parsed input when it parsed, the raw fields when it did not. */
  back: (input: Partial<z.output<S>> & Record<string, unknown>) => string;
  run: (ctx: ActionContext<z.output<S>>) => Promise<Result<T>>;
  done?: (value: T, ctx: ActionContext<z.output<S>>) => Done | undefined;
}): (form: FormData) => Promise<void> {
  return async (form: FormData): Promise<void> => {
    const raw = form instanceof FormData ? formObject(form) : {};
    const g = await gate(spec.permission);
    if (!g.ok) {
      if (g.failure.kind === "unauthenticated") redirect("/login");
      redirect(withQuery(spec.back(raw as Partial<z.output<S>> & Record<string, unknown>), outcomeQuery(g.failure)));
    }
    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0]?.message;
      const code = first && /^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$/.test(first) ? first : "errors.invalidInput";
      redirect(withQuery(spec.back(raw as Partial<z.output<S>> & Record<string, unknown>), outcomeQuery({ code })));
    }
    const t = await getT();
    const ctx: ActionContext<z.output<S>> = { db: await getDb(), user: g.user, input: parsed.data, t, form };
    const r = await spec.run(ctx);
    const back = spec.back(parsed.data as Partial<z.output<S>> & Record<string, unknown>);
    if (!r.ok) redirect(withQuery(back, outcomeQuery(r)));
    const d = spec.done?.(r.value, ctx) ?? undefined;
    for (const p of d?.revalidate ?? []) revalidatePath(p);
    redirect(d?.redirect ?? back);
  };
}

/** Form fields that hold ids: a positive 32-bit integer, or the field is refused (never a 500). */
export const idField = z.coerce.number().int().positive().max(2_147_483_647);
