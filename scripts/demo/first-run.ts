/**
 * What an empty database gets when the server starts (instrumentation.ts): the demo data (with its
 * README password and no forced change) on the embedded database of a demo or a single-site trial;
 * nothing on PostgreSQL (production) unless SEED_DEMO=true says so — there the first administrator
 * is made by `npm run admin:create`. SEED_DEMO=false keeps the demo out of either.
 */
import type { DbHandle, Driver } from "@/db/client";
import { hasAdmin } from "@/lib/auth/first-admin";
import { seedDemo } from "./index";

export function seedsDemo(driver: Driver, env: Record<string, string | undefined> = process.env): boolean {
  const v = (env.SEED_DEMO ?? "").trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  return driver === "pglite";
}

/** Loads the demo data into an empty database when `seedsDemo` says so; otherwise reminds of admin:create. */
export async function prepareFirstRun(handle: DbHandle, env: Record<string, string | undefined> = process.env): Promise<void> {
  if (seedsDemo(handle.driver, env)) {
    await seedDemo(handle.db, { onlyIfEmpty: true, quiz: true });
  } else if (!(await hasAdmin(handle.db))) {
    console.warn("No administrator yet: make the first one with `npm run admin:create` (see the README).");
  }
}
