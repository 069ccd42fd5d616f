/**
 * Expected failures as values: bad input, not allowed, not found, a quiz already closed. A failure
 * names a message (`code`, a key of lib/i18n's catalogues, shown in the user's language with
 * `params`) and a `kind`, which says what sort of refusal it is; `HTTP_STATUS` is the one table
 * from kind to HTTP status that every route handler answers with. Import problems (row, column)
 * ride along in `problems`. Unexpected errors are thrown, logged and shown as a generic message.
 */
import type { MessageKey, Params } from "@/lib/i18n/keys";

export type { MessageKey, Params };

export const FAILURE_KINDS = [
  "badRequest",
  "unauthenticated",
  "forbidden",
  "notFound",
  "conflict",
  "gone",
  "tooLarge",
  "unsupportedMedia",
  "refused",
  "rateLimited",
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** The one table from a failure's kind to the HTTP status a route answers with. */
export const HTTP_STATUS: Record<FailureKind, number> = {
  badRequest: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  gone: 410,
  tooLarge: 413,
  unsupportedMedia: 415,
  refused: 422,
  rateLimited: 429,
};

/** One located problem of an import or a form: which row and column, and what is wrong. */
export interface Problem {
  row: number | null;
  column: string | null;
  code: MessageKey;
  params?: Params;
}

export interface Failure {
  ok: false;
  code: MessageKey;
  params?: Params;
  kind: FailureKind;
  problems?: Problem[];
}
export type Ok<T> = { ok: true; value: T };
export type Result<T = undefined> = Ok<T> | Failure;

export function ok(): Ok<undefined>;
export function ok<T>(value: T): Ok<T>;
export function ok<T>(value?: T): Ok<T | undefined> {
  return { ok: true, value };
}

/** A refusal of the request's content (HTTP 422 by default; `kind` says otherwise). */
export function fail(code: MessageKey, params?: Params, kind: FailureKind = "refused"): Failure {
  return params ? { ok: false, code, params, kind } : { ok: false, code, kind };
}

export const badRequest = (code: MessageKey, params?: Params) => fail(code, params, "badRequest");
export const forbidden = (code: MessageKey = "errors.forbidden", params?: Params) => fail(code, params, "forbidden");
export const notFound = (code: MessageKey = "errors.notFound", params?: Params) => fail(code, params, "notFound");
export const conflict = (code: MessageKey, params?: Params) => fail(code, params, "conflict");

/** A failure with its located problems (imports: every bad row and column at once). */
export function failWithProblems(code: MessageKey, problems: Problem[], params?: Params): Failure {
  return { ...fail(code, params), problems };
}

export function httpStatus(f: Pick<Failure, "kind">): number {
  return HTTP_STATUS[f.kind] ?? 422;
}

/** Thrown inside a transaction to roll it back and hand the failure out (see `rollbackOnFailure`). */
export class Rollback extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

/** Runs `run` (typically a transaction) and turns a thrown `Rollback` into its failure. */
export async function rollbackOnFailure<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Rollback) return e.failure;
    throw e;
  }
}
