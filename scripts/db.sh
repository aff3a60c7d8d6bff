#!/usr/bin/env bash
# A private PostgreSQL cluster for development and tests, under .data/ (never the system cluster).
#   scripts/db.sh start [--fast]   install PostgreSQL if absent, init and start the cluster (idempotent)
#   scripts/db.sh stop             stop it
#   scripts/db.sh status           running or not, and the connection string
#   scripts/db.sh wipe             stop it and delete .data/ (database, mail, logs)
#   scripts/db.sh psql [args]      a psql shell on the cluster
#   scripts/db.sh connection [db]  print the connection string
# --fast turns off fsync for test runs (data may be lost on a crash, which tests never care about).
# PORTAL_PG_PORT (default 55432) and PORTAL_DATA_DIR (default .data) place a second cluster beside it;
# PORTAL_PG_OPTIONS adds server settings at start (the benchmark loads pg_stat_statements so).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${PORTAL_DATA_DIR:-$ROOT/.data}"
PG_PORT="${PORTAL_PG_PORT:-55432}"

log() { echo "[db] $*" >&2; }

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_installed() {
  if [ -z "$(pg_bin_dir)" ]; then
    log "PostgreSQL is not installed; installing it with apt-get"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  # The Debian package starts the system cluster; this project never uses it.
}

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The cluster lives in .data/pg unless the postgres user cannot reach that folder (a checkout in a
# private home directory); then it lives in a folder of its own under /tmp, named after the checkout
# (and after PORTAL_DATA_DIR when that is set, so the benchmark's cluster never shares the tests' one).
cluster_dir() {
  local dir="$DATA_DIR/pg" key="$ROOT"
  [ "$DATA_DIR" != "$ROOT/.data" ] && key="$DATA_DIR"
  mkdir -p "$DATA_DIR"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then
    dir="/tmp/portal-pg-$(echo -n "$key" | md5sum | cut -c1-12)"
  fi
  echo "$dir"
}

prepare_dirs() {
  local dir="$1"
  mkdir -p "$DATA_DIR" "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$DATA_DIR"
    chown postgres:postgres "$dir"
  fi
}

is_running() {
  local bin dir
  bin=$(pg_bin_dir) || return 1
  dir=$(cluster_dir)
  [ -f "$dir/data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

connection() {
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=${1:-portal}"
}

start() {
  local fast="" bin dir
  [ "${1:-}" = "--fast" ] && fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  ensure_installed
  bin=$(pg_bin_dir)
  dir=$(cluster_dir)
  prepare_dirs "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "creating a private cluster in $dir/data"
    as_pg "$bin/initdb" -D "$dir/data" --auth=trust -E UTF8 --no-locale -U postgres >/dev/null
  fi
  if is_running; then
    log "already running on port $PG_PORT"
    return 0
  fi
  as_pg mkdir -p "$dir/run"
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $dir/run -c max_connections=300 $fast ${PORTAL_PG_OPTIONS:-}" >/dev/null
  log "running on 127.0.0.1:$PG_PORT"
}

stop() {
  local bin dir
  bin=$(pg_bin_dir) || return 0
  dir=$(cluster_dir)
  if is_running; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >/dev/null
    log "stopped"
  else
    log "not running"
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status)
    if is_running; then echo "running: $(connection)"; else echo "stopped"; exit 1; fi ;;
  wipe)
    stop
    rm -rf "$(cluster_dir)" "$DATA_DIR"
    log "wiped $DATA_DIR" ;;
  psql)
    shift
    "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@" ;;
  connection) shift; connection "$@" ;;
  bin) pg_bin_dir ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2 ;;
esac
