import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { rowsOf, type Db } from "@/db/client";
import type { Result } from "@/lib/core/result";

/** The rows of `tables` as one string: the same before and after a call means it wrote nothing there. */
export async function tablesSnapshot(db: Db, tables: readonly string[]): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = rowsOf(await db.execute(sql.raw(`SELECT * FROM ${t} ORDER BY ${t}::text`)));
  return JSON.stringify(out);
}

/** `refused(call, kind, code?)`: the call fails with that kind (and code) and leaves `tables` as they were. */
export function refusedLeaving(db: () => Db, tables: readonly string[]) {
  return async (call: () => Promise<Result<unknown>>, kind: string, code?: string): Promise<void> => {
    const before = await tablesSnapshot(db(), tables);
    expect(await call()).toMatchObject({ ok: false, kind, ...(code ? { code } : {}) });
    expect(await tablesSnapshot(db(), tables)).toBe(before);
  };
}
