import path from "node:path";
import type { DbHandle } from "./client";

export const migrationsFolder = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations");

/** Applies the committed drizzle-kit migrations with the migrator that matches the driver. */
export async function runMigrations(handle: DbHandle, folder = migrationsFolder): Promise<void> {
  await handle.migrate(folder);
}
