#!/usr/bin/env bash
# Runs the whole test suite against real parts: starts the private PostgreSQL (installing it when
# absent), then every test project of Portal.sln. Extra arguments go to `dotnet test`
# (e.g. --filter "FullyQualifiedName~LoginTests").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/db.sh" start --fast
# The local tools of .config/dotnet-tools.json (dotnet-ef), so `dotnet ef` works after any run.
dotnet tool restore >/dev/null

# The browser tests drive Debian's Chromium (never a downloaded browser) and inject axe-core from
# npm; the scale-out tests put nginx in front of two instances (and run once more through
# PgBouncer); the e-mail tests send real SMTP to aiosmtpd, run with the system Python.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
[ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1 || missing+=(pgbouncer)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[test] installing ${missing[*]} with apt-get" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -f "$ROOT/tests/Portal.Web.Tests/node_modules/axe-core/axe.min.js" ]; then
  (cd "$ROOT/tests/Portal.Web.Tests" && npm ci --no-audit --no-fund --silent)
fi
export PORTAL_TEST_DB="$("$ROOT/scripts/db.sh" connection postgres)"
export PORTAL_PG_BIN="$("$ROOT/scripts/db.sh" bin)"

# Databases left behind by an interrupted earlier run.
"$ROOT/scripts/db.sh" psql -d postgres -tAc \
  "SELECT datname FROM pg_database WHERE datname LIKE 'portal\_test\_%' OR datname LIKE 'portal\_schema\_%' OR datname LIKE 'portal\_template\_%'" \
  | while read -r db; do
      [ -n "$db" ] && "$ROOT/scripts/db.sh" psql -d postgres -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
    done

mkdir -p "$ROOT/.data"
log="$ROOT/.data/test-output.log"
set +e
dotnet test "$ROOT/Portal.sln" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test projects.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
