// Command-line database steps: `tsx scripts/db.ts migrate|seed` on the configured database.
import { openDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../db/seed";

const step = process.argv[2];
const handle = await openDb({ url: process.env.DATABASE_URL || undefined });
try {
  await runMigrations(handle);
  if (step === "seed") await seedDemo(handle.db, { quiz: true });
  console.log(`${step}: done (${handle.driver})`);
} finally {
  await handle.close();
}
