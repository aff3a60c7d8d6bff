#!/usr/bin/env bash
# Runs the portal in Development: installs and starts a private PostgreSQL when needed, then the
# app migrates the database, seeds the demo data and serves on ASPNETCORE_URLS (default
# http://localhost:5080). Stop with Ctrl+C; stop the database with scripts/db.sh stop.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/db.sh" start
# The local tools of .config/dotnet-tools.json (dotnet-ef, for `dotnet ef migrations add`).
dotnet tool restore >/dev/null

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
export ConnectionStrings__Portal="${ConnectionStrings__Portal:-$("$ROOT/scripts/db.sh" connection portal)}"
export Mail__PickupDirectory="${Mail__PickupDirectory:-$ROOT/.data/mail}"
export Logging__FilePath="${Logging__FilePath:-$ROOT/.data/logs/portal-.log}"

# The database itself is created by the app's migrations; PostgreSQL needs it to exist first.
"$ROOT/scripts/db.sh" psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'portal'" | grep -q 1 \
  || "$ROOT/scripts/db.sh" psql -d postgres -qc "CREATE DATABASE portal"

exec dotnet run --project "$ROOT/src/Portal.Web" --no-launch-profile "$@"
