#!/usr/bin/env bash
# The failover run: a real PostgreSQL cluster on loopback, a primary's machine that dies, and the
# portal carrying on. Installs what is missing (apt-get: patroni, etcd-server, postgresql,
# nginx-light, python3-aiosmtpd), then starts
#   etcd (one node), two PostgreSQL 15 nodes under Patroni (synchronous_mode: true, ttl 10,
#   loop_wait 2, retry_timeout 5; run as the postgres user), an SMTP catcher (aiosmtpd), two portal
#   instances (Production, Release build) given both PostgreSQL hosts in one connection string, and
#   nginx in front of them,
# and runs two scenarios with bench/failover/FailoverDriver.cs driving writes and reads through nginx:
#   1. machine dies: SIGKILL to the leader's Patroni, postmaster and backends together; Patroni
#      promotes the synchronous standby; then the dead node is started again and rejoins as standby;
#   2. postmaster dies: SIGKILL to the leader's postmaster only; Patroni restarts it in place.
# After each: acknowledged writes are counted in the database (clients, invitations), e-mails in
# the catcher (lost: sent by the outbox but never received; doubled: one Message-ID received twice).
# Prints one markdown report; `--record` also writes it into docs/reliability.md (between markers).
# Loopback only; ports FAILOVER_PORT_BASE (default 55860) .. +35, checked free first; bounded (15 minutes at most);
# stops every process it started and deletes its cluster on exit. Needs root or sudo for apt-get
# and for running PostgreSQL as the postgres user.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BASE="${FAILOVER_PORT_BASE:-55860}"
ETCD=$BASE ETCD_PEER=$((BASE + 1)) SMTP=$((BASE + 5)) PROXY=$((BASE + 35))
REST=($((BASE + 10)) $((BASE + 11))) PG=($((BASE + 20)) $((BASE + 21))) WEB=($((BASE + 30)) $((BASE + 31)))
WORK="/tmp/portal-failover-$(echo -n "$ROOT" | md5sum | cut -c1-8)"
OUT="$ROOT/.data/failover"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
record=false
[ "${1:-}" = "--record" ] && record=true

log() { echo "[failover $(date -u +%T)] $*" >&2; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres -- "$@"; fi; }
rest() { curl -s -o /dev/null -w '%{http_code}' -m 2 "http://127.0.0.1:$1$2" || true; }
psql_on() { local port=$1; shift; "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d portal -v ON_ERROR_STOP=1 -tAq "$@"; }
wait_for() { # seconds, description, command...
  local limit=$1 what=$2; shift 2
  local start=$SECONDS
  until "$@"; do
    if [ $((SECONDS - start)) -ge "$limit" ]; then log "timed out waiting for $what"; return 1; fi
    sleep 0.5
  done
}
leader_index() { for i in 0 1; do [ "$(rest "${REST[$i]}" /primary)" = 200 ] && { echo "$i"; return 0; }; done; return 1; }

# ---- the kill helpers the driver runs (bench/failover.sh __kill machine|postmaster) ----
if [ "${1:-}" = "__kill" ]; then
  i=$(leader_index)
  pm=$(head -n 1 "$WORK/node$i/postmaster.pid")
  if [ "$2" = machine ]; then
    # The whole machine: Patroni, the postmaster and every backend at the same instant.
    kill -9 "$(cat "$WORK/patroni$i.pid")" "$pm" $(pgrep -P "$pm") 2>/dev/null || true
  else
    kill -9 "$pm"
  fi
  echo "node$i"
  exit 0
fi

ensure_packages() {
  local missing=()
  command -v patroni >/dev/null || missing+=(patroni)
  command -v etcd >/dev/null || missing+=(etcd-server)
  [ -n "$PG_BIN" ] || missing+=(postgresql)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
}

# Every process started here writes its pid to $WORK/*.pid; on exit each is stopped by that pid.
cleanup() {
  set +e
  for f in "$WORK"/*.pid; do
    [ -f "$f" ] || continue
    kill -TERM "$(cat "$f")" 2>/dev/null
  done
  sleep 2
  for f in "$WORK"/*.pid; do
    [ -f "$f" ] || continue
    kill -9 "$(cat "$f")" 2>/dev/null
  done
  for i in 0 1; do
    [ -f "$WORK/node$i/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" stop -m immediate -D "$WORK/node$i" >/dev/null 2>&1
  done
  mkdir -p "$OUT/logs" && cp "$WORK"/*.log "$OUT/logs/" 2>/dev/null
  rm -rf "$WORK"
  [ -n "${watchdog:-}" ] && kill "$watchdog" 2>/dev/null
}

# start NAME COMMAND...: runs it in the background as the postgres user, pid in $WORK/NAME.pid.
start_pg() {
  local name=$1; shift
  as_pg sh -c 'echo $$ > "$0"; exec "$@"' "$WORK/$name.pid" "$@" >"$WORK/$name.log" 2>&1 &
}
start_root() {
  local name=$1; shift
  sh -c 'echo $$ > "$0"; exec "$@"' "$WORK/$name.pid" "$@" >"$WORK/$name.log" 2>&1 &
}

patroni_config() { # index
  local i=$1
  cat <<YAML
scope: portal
name: node$i
restapi: {listen: "127.0.0.1:${REST[$i]}", connect_address: "127.0.0.1:${REST[$i]}"}
etcd3: {hosts: "127.0.0.1:$ETCD"}
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters: {wal_level: replica, hot_standby: "on", max_wal_senders: 10, max_replication_slots: 10, wal_log_hints: "on", max_connections: 200}
  initdb: [{encoding: UTF8}, {locale: C}]
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: "127.0.0.1:${PG[$i]}"
  connect_address: "127.0.0.1:${PG[$i]}"
  data_dir: "$WORK/node$i"
  bin_dir: "$PG_BIN"
  pgpass: "$WORK/pgpass$i"
  authentication:
    superuser: {username: postgres, password: loopback-only}
    replication: {username: replicator, password: loopback-only}
    rewind: {username: postgres, password: loopback-only}
  parameters: {unix_socket_directories: "$WORK"}
YAML
}

start_portal() { # index environment
  local i=$1 environment=$2
  start_root "portal$i" env ASPNETCORE_ENVIRONMENT="$environment" ASPNETCORE_URLS="http://127.0.0.1:${WEB[$i]}" \
    ASPNETCORE_CONTENTROOT="$ROOT/src/Portal.Web" \
    ConnectionStrings__Portal="Host=127.0.0.1:${PG[0]},127.0.0.1:${PG[1]};Target Session Attributes=primary;Username=postgres;Database=portal;Timeout=3" \
    Portal__PublicBaseUrl="http://127.0.0.1:$PROXY" Portal__RequireHttps=false Portal__TrustedProxies__0=127.0.0.1 \
    Mail__Smtp__Host=127.0.0.1 Mail__Smtp__Port="$SMTP" Mail__Smtp__Security=None \
    RateLimiting__AuthPermitsPerMinute=1000000 Logging__FilePath="$WORK/portal$i-.log" \
    dotnet "$ROOT/src/Portal.Web/bin/Release/net10.0/Portal.Web.dll"
}

start_nginx() {
  cat >"$WORK/nginx.conf" <<NGINX
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx.pid.unused;
error_log $WORK/nginx-error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy; fastcgi_temp_path $WORK/fastcgi;
  uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
  upstream portal { server 127.0.0.1:${WEB[0]}; server 127.0.0.1:${WEB[1]}; }
  server {
    listen 127.0.0.1:$PROXY;
    location / {
      proxy_pass http://portal;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_next_upstream off;
    }
  }
}
NGINX
  start_root nginx "$(command -v nginx || echo /usr/sbin/nginx)" -c "$WORK/nginx.conf" -p "$WORK"
}

ready() { [ "$(rest "$1" /health/ready)" = 200 ]; }
primary_up() { leader_index >/dev/null; }
sync_standby() { [ "$(rest "${REST[$1]}" /sync)" = 200 ]; }
outbox_empty() { local l; l=$(leader_index) && [ "$(psql_on "${PG[$l]}" -c 'SELECT count(*) FROM "MailOutbox" WHERE "Status" = 0')" = 0 ]; }

# count SCENARIO-DIR: acknowledged rows missing from the database, e-mails lost and doubled.
count() {
  local dir=$1 l
  l=$(leader_index)
  wait_for 120 "the outbox to drain" outbox_empty || true
  sleep 1
  local lost_clients lost_invitations
  lost_clients=$(psql_on "${PG[$l]}" <<SQL
CREATE TEMP TABLE acked(name text);
\\copy acked FROM '$dir/clients.txt'
SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM "Clients" c WHERE c."Name" = a.name);
SQL
)
  lost_invitations=$(psql_on "${PG[$l]}" <<SQL
CREATE TEMP TABLE acked(email text);
\\copy acked FROM '$dir/invitees.txt'
SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM "Invitations" i WHERE i."Email" = a.email);
SQL
)
  psql_on "${PG[$l]}" -c 'SELECT "MessageId" FROM "MailOutbox" WHERE "Status" = 1' >"$dir/sent-ids.txt"
  psql_on "${PG[$l]}" -c 'SELECT count(*) FROM "MailOutbox" WHERE "Status" = 2' >"$dir/failed.txt"
  /usr/bin/python3 - "$WORK/maildir" "$dir" "$lost_clients" "$lost_invitations" <<'PY'
import email, json, mailbox, sys
from collections import Counter
maildir, out, lost_clients, lost_invitations = sys.argv[1:5]
ids, to = Counter(), Counter()
for message in mailbox.Maildir(maildir, factory=None):
    ids[message["Message-ID"].strip("<> ")] += 1
    to[message["To"].strip("<> ").split("<")[-1].strip(">")] += 1
sent = {line.strip().strip("<>") for line in open(f"{out}/sent-ids.txt") if line.strip()}
invitees = [line.strip() for line in open(f"{out}/invitees.txt") if line.strip()]
result = json.load(open(f"{out}/result.json"))
result.update({
    "clientsLost": int(lost_clients), "invitationsLost": int(lost_invitations),
    "emailsSentByOutbox": len(sent), "emailsReceived": sum(ids.values()),
    "emailsLost": len([i for i in sent if ids[i] == 0]),
    "emailsDoubled": sum(n - 1 for n in ids.values() if n > 1),
    "invitationsWithoutEmail": len([a for a in invitees if to[a] == 0]),
    "outboxFailed": int(open(f"{out}/failed.txt").read().strip() or 0),
})
json.dump(result, open(f"{out}/result.json", "w"), indent=2)
PY
}

main() {
  ensure_packages
  [ -n "$PG_BIN" ] || { log "no PostgreSQL binaries"; exit 1; }
  for port in $ETCD $ETCD_PEER $SMTP $PROXY "${REST[@]}" "${PG[@]}" "${WEB[@]}"; do
    if ! /usr/bin/python3 -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null; then
      log "port $port is in use: set FAILOVER_PORT_BASE to a free range"; exit 1
    fi
  done
  trap cleanup EXIT
  ( sleep 900; log "15 minutes: giving up"; kill -TERM $$ ) & watchdog=$!
  rm -rf "$WORK" "$OUT"; mkdir -p "$WORK" "$OUT"
  chown postgres:postgres "$WORK" 2>/dev/null || sudo chown postgres:postgres "$WORK"
  chmod 755 "$WORK"

  log "building the portal (Release)"
  dotnet build "$ROOT/src/Portal.Web/Portal.Web.csproj" -c Release --nologo -v q -clp:NoSummary >&2

  log "etcd on 127.0.0.1:$ETCD"
  start_pg etcd etcd --name etcd0 --data-dir "$WORK/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD" --advertise-client-urls "http://127.0.0.1:$ETCD" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "etcd0=http://127.0.0.1:$ETCD_PEER"
  wait_for 30 etcd sh -c "curl -sf -m 1 http://127.0.0.1:$ETCD/health >/dev/null"

  local started=$SECONDS
  for i in 0 1; do patroni_config "$i" >"$WORK/patroni$i.yml"; done
  chown postgres:postgres "$WORK"/patroni*.yml
  start_pg patroni0 patroni "$WORK/patroni0.yml"
  wait_for 90 "node0 to bootstrap as leader" sh -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -m 2 http://127.0.0.1:${REST[0]}/primary) = 200 ]"
  start_pg patroni1 patroni "$WORK/patroni1.yml"
  wait_for 120 "node1 to become the synchronous standby" sync_standby 1
  local cluster_up=$((SECONDS - started))
  log "Patroni cluster up in ${cluster_up} s (leader node0, synchronous standby node1)"
  "$PG_BIN/psql" -h 127.0.0.1 -p "${PG[0]}" -U postgres -d postgres -qc "CREATE DATABASE portal"

  log "SMTP catcher on 127.0.0.1:$SMTP"
  start_root smtp /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP" -c aiosmtpd.handlers.Mailbox "$WORK/maildir"

  log "migrating and seeding the demo data (one Development start)"
  start_portal 0 Development
  wait_for 120 "the seeding start" ready "${WEB[0]}"
  kill -TERM "$(cat "$WORK/portal0.pid")"; sleep 2
  log "two portal instances (Production) and nginx on 127.0.0.1:$PROXY"
  start_portal 0 Production
  start_portal 1 Production
  start_nginx
  wait_for 120 "instance 0" ready "${WEB[0]}"
  wait_for 120 "instance 1" ready "${WEB[1]}"
  wait_for 30 nginx ready "$PROXY"

  local driver=(dotnet run "$ROOT/bench/failover/FailoverDriver.cs" --
    --proxy "http://127.0.0.1:$PROXY" --instances "http://127.0.0.1:${WEB[0]},http://127.0.0.1:${WEB[1]}"
    --patroni "http://127.0.0.1:${REST[0]},http://127.0.0.1:${REST[1]}")

  log "scenario 1: the leader's machine dies (Patroni + postmaster + backends, SIGKILL)"
  "${driver[@]}" --scenario machine --out "$OUT/machine" --kill "bash '$ROOT/bench/failover.sh' __kill machine" >&2 || true
  local victim
  victim=$(sed -n 's/.*"victim": "node\([01]\)".*/\1/p' "$OUT/machine/result.json")
  count "$OUT/machine"
  log "the dead node$victim starts again and rejoins"
  local rejoin_started=$SECONDS
  rm -f "$WORK/patroni$victim.pid"
  start_pg "patroni$victim" patroni "$WORK/patroni$victim.yml"
  local rejoined="null"
  if wait_for 180 "node$victim to rejoin as synchronous standby" sync_standby "$victim"; then
    rejoined=$((SECONDS - rejoin_started))
  fi
  /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); r['rejoinedAsSyncStandbyAfterSeconds']=$rejoined; json.dump(r, open(sys.argv[1],'w'), indent=2)" "$OUT/machine/result.json"

  log "scenario 2: only the leader's postmaster dies (SIGKILL); Patroni restarts it in place"
  "${driver[@]}" --scenario postmaster --out "$OUT/postmaster" --kill "bash '$ROOT/bench/failover.sh' __kill postmaster" >&2 || true
  count "$OUT/postmaster"
  local after_leader
  after_leader=$(leader_index || echo "?")
  /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); r['leaderAfter']='node$after_leader'; json.dump(r, open(sys.argv[1],'w'), indent=2)" "$OUT/postmaster/result.json"

  /usr/bin/python3 "$ROOT/bench/failover/report.py" "$OUT" "$cluster_up" "$(nproc)" "$("$PG_BIN/postgres" --version)" "$(patroni --version)" "$(etcd --version | head -n 1)" >"$OUT/report.md"
  cat "$OUT/report.md"
  if [ "$record" = true ]; then
    /usr/bin/python3 - "$ROOT/docs/reliability.md" "$OUT/report.md" <<'PY'
import sys
doc, report = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
begin, end = "<!-- failover:begin -->", "<!-- failover:end -->"
head, rest = text.split(begin, 1)
open(doc, "w").write(head + begin + "\n" + report + end + rest.split(end, 1)[1])
PY
    log "recorded in docs/reliability.md"
  fi
  /usr/bin/python3 - "$OUT" <<'PY'
import json, sys
bad = []
for s in ("machine", "postmaster"):
    r = json.load(open(f"{sys.argv[1]}/{s}/result.json"))
    if r.get("firstWriteAfterSeconds") is None: bad.append(f"{s}: no write after the kill")
    for k in ("clientsLost", "invitationsLost", "emailsLost", "emailsDoubled", "invitationsWithoutEmail", "status500Total"):
        if r.get(k): bad.append(f"{s}: {k} = {r[k]}")
    if not r.get("revocationRefusedOnBWithin2s"): bad.append(f"{s}: revocation not refused at once")
print("\n".join(bad) or "all checks passed", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

main "$@"
