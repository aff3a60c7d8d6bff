#!/usr/bin/env bash
# The benchmark: builds the portal, starts a private PostgreSQL of its own, seeds a generated scale
# dataset (binary COPY), runs the portal in Production mode on a loopback port and drives load with
# wrk; prints one markdown table (login vs raw PBKDF2, pages vs a bare authenticated endpoint,
# p50/p99 at 64 connections, SQL round trips per page, 1 % vs full-size latency, memory, cold start).
#   bench/run.sh          the full run (a few minutes): Release build, 2,000 organisations, 20,000 users,
#                         6,000 environments, 200,000 clients, 1,000,000 audit events; the table is also
#                         recorded in docs/benchmarks.md (between its markers) and bench/results/
#   bench/run.sh --smoke  a tiny dataset and 2 s per row on the Debug build the test suite already made:
#                         proves the benchmark works (the test suite runs it); its figures mean nothing
#   bench/run.sh --soak   the soak: the full dataset, one portal on loopback, 10 minutes of mixed load
#                         (pages, sign-ins with 2FA, sign-outs, failed logins); zero 5xx and flat memory,
#                         or exit 1; recorded in docs/benchmarks.md. `--soak --minutes 1` is a trial run
#                         (printed, not recorded)
# BENCH_PG_PORT (default 55436) and BENCH_DATA_DIR (default .data/bench) place its PostgreSQL cluster,
# apart from the development and test cluster. wrk is installed with apt-get when absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

configuration=Release
for arg in "$@"; do
  [ "$arg" = "--smoke" ] && configuration=Debug
done

log() { echo "[bench] $*" >&2; }

ensure_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    log "wrk is not installed; installing it with apt-get"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
  fi
}

# Its own cluster, whatever PORTAL_PG_PORT the caller's shell exports for development or tests.
export PORTAL_PG_PORT="${BENCH_PG_PORT:-55436}"
export PORTAL_DATA_DIR="${BENCH_DATA_DIR:-$ROOT/.data/bench}"

ensure_wrk
log "building ($configuration)"
dotnet build "$ROOT/bench/Portal.Bench/Portal.Bench.csproj" -c "$configuration" --nologo -v q -clp:NoSummary >&2
# The full run measures the portal as the Dockerfile ships it: published with ReadyToRun. The smoke
# run uses the Debug build the test suite already made.
portal_dir="$ROOT/src/Portal.Web/bin/$configuration/net10.0"
content_root="$ROOT/src/Portal.Web"
if [ "$configuration" = Release ]; then
  portal_dir="$PORTAL_DATA_DIR/portal"
  content_root="$portal_dir"
  log "publishing the portal with ReadyToRun"
  dotnet publish "$ROOT/src/Portal.Web/Portal.Web.csproj" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$portal_dir" --nologo -v q -clp:NoSummary >&2
fi

# Stop the cluster afterwards only if this run started it (a concurrent run may be using it).
started_here=false
if ! "$ROOT/scripts/db.sh" status >/dev/null 2>&1; then
  "$ROOT/scripts/db.sh" start
  started_here=true
fi
trap '[ "$started_here" = true ] && "$ROOT/scripts/db.sh" stop' EXIT

dotnet "$ROOT/bench/Portal.Bench/bin/$configuration/net10.0/Portal.Bench.dll" \
  --server "$("$ROOT/scripts/db.sh" connection postgres)" \
  --portal "$portal_dir/Portal.Web.dll" \
  --content-root "$content_root" \
  --out "$ROOT/bench/results" \
  --doc "$ROOT/docs/benchmarks.md" \
  --command "bench/run.sh${*:+ $*}" \
  "$@"
