import type { MessageKey } from "@/lib/i18n";

export type Params = Record<string, string | number>;
export type Failure = { ok: false; code: MessageKey; params?: Params };
export type Outcome<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = (code: MessageKey, params?: Params): Failure => (params ? { ok: false, code, params } : { ok: false, code });

/** Thrown inside a transaction to roll it back and hand the failure out. */
export class Rollback extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

export async function rollbackToFailure<T>(run: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Rollback) return e.failure;
    throw e;
  }
}
