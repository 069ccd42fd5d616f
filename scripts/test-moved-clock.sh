#!/usr/bin/env bash
# The unit and integration tests again with the system clock moved (Debian's faketime), so a test
# or a rule that depends on the day it runs fails the day it is written, not months later:
#   1. 400 days ahead: another year and quarter, certificates past their windows;
#   2. 23:58 Asia/Shanghai on the last day of a quarter (2027-03-31), the process in another zone
#      (TZ=America/Los_Angeles, where it is still the morning of that day): the run crosses
#      midnight and a new quarter in the site's zone while UTC and the server's own zone do not.
# PostgreSQL's clock is not moved: a rule that asks the database for now() shows up here too.
# The integration suites that run on both drivers run on one per moved clock (JR_TEST_DRIVERS):
# the embedded database at +400 days (its clock moves with the process), PostgreSQL at the quarter's
# end (its clock does not, so a rule mixing the database's now() with the site's clock fails there).
# Each run then takes about half as long; the normal run covers both drivers at the real date.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "test-moved-clock: faketime is missing (apt-get install -y faketime)" >&2; exit 1; }

run() {
  local label="$1" zone="$2" spec="$3" only="$4"
  echo "== vitest with the clock at $label (both-driver suites on $only)"
  local t0=$SECONDS
  # The moved clock must reach Node (and the test workers it forks), or this run proves nothing.
  local seen; seen=$(TZ="$zone" faketime -f "$spec" node -e 'process.stdout.write(new Date().toISOString())')
  echo "   node sees $seen"
  [ "${seen:0:10}" != "$(date -u +%F)" ] || { echo "test-moved-clock: faketime did not move Node's clock" >&2; exit 1; }
  TZ="$zone" JR_TEST_DRIVERS="$only" faketime -f "$spec" npx vitest run --reporter=dot
  echo "== clock at $label: passed in $((SECONDS - t0)) s"
}

run "+400 days" UTC "+400d" pglite
# 08:58 in Los Angeles (PDT) = 15:58 UTC = 23:58 in Shanghai.
run "2027-03-31 23:58 Asia/Shanghai" America/Los_Angeles "@2027-03-31 08:58:00" postgres
