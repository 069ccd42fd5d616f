// Command-line database steps: `tsx scripts/db.ts migrate|seed` on the configured database
// (DATABASE_URL, else the embedded one in PGLITE_DIR). Opening it applies the migrations.
import { getDbHandle } from "../lib/core/db";
import { seedDemo } from "./demo";

const step = process.argv[2];
const handle = await getDbHandle();
try {
  if (step === "seed") await seedDemo(handle.db, { quiz: true });
  console.log(`${step}: done (${handle.driver})`);
} finally {
  await handle.close();
}
