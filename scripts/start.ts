// `npm start`: builds the app when no build exists, makes a session secret on the first run,
// and serves it (scripts/serve.ts). The server itself migrates the database and, on the embedded
// database, loads the demo data on first run.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "../lib/core/config";
import { log } from "../lib/core/log";
import { serve } from "./serve";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, "data");
mkdirSync(dataDir, { recursive: true });

if (!process.env.AUTH_SECRET) {
  const file = path.join(dataDir, ".auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (!existsSync(path.join(root, ".next", "BUILD_ID")) || process.argv.includes("--rebuild")) {
  const r = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// A bad setting stops here with the variable's name, before anything is built or served.
const settings = config();
const port = settings.PORT;
// Served in this process rather than by `next start`, so the connection's address reaches the app.
await serve({ dir: root, port });
log().info(
  { port, database: settings.DATABASE_URL ? "postgres" : "pglite" },
  `JobReady on http://localhost:${port} (${settings.DATABASE_URL ? "PostgreSQL" : `embedded PGlite in ${settings.PGLITE_DIR}`})`,
);
