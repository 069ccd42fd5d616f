#!/usr/bin/env bash
# Regenerates the one migration that follows 0002_quiz from the current schema, under a lock, so
# several people (or agents) adding tables side by side never hand-merge drizzle's journal.
# Usage: bash scripts/regen-migration.sh   (only while 0003 has not landed on main)
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/jr-drizzle.lock
flock 9
rm -f db/migrations/0003_*.sql db/migrations/meta/0003_snapshot.json
node -e '
const fs=require("fs");const p="db/migrations/meta/_journal.json";
const j=JSON.parse(fs.readFileSync(p,"utf8"));j.entries=j.entries.filter(e=>e.idx<3);
fs.writeFileSync(p,JSON.stringify(j,null,2)+"\n");'
npx drizzle-kit generate --name training_records
ls db/migrations/0003_*.sql
