#!/usr/bin/env bash
# SQLite against PostgreSQL, one and two instances, in ONE run (issue 15 item 5): sign-ups at 64 connections
# (a meeting with a million seats, so nothing waits) and public programme reads, each scenario on a fresh database.
# Two instances: two ports, one wrk per instance at once with 32 connections each; throughput summed, p99 per instance.
# After each sign-up run: confirmed registrations of the measured run counted in the database against the 2xx answers.
# It starts its own PostgreSQL 15 cluster (as the postgres user, on a free loopback port), tuned as a deployment
# would be but durable: fsync=on, synchronous_commit=on, full_page_writes=on (as SQLite's synchronous=FULL).
# Everything it started (instances, cluster) is stopped on exit, failure included.
# Usage: flock /work/bench.lock bash bench/postgres.sh   (env: DURATION=10s WARMUP=3s PG_BIN SCENARIOS)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
SCENARIOS=${SCENARIOS:-"sqlite-1 sqlite-2 postgres-1 postgres-2"}
KEY="pgbench-admin-$RANDOM$RANDOM$RANDOM"
export BENCH_LUA="$ROOT/bench/lua"
TMP=$(mktemp -d /tmp/es-pgbench-XXXXXX)
chmod 755 "$TMP"
PIDS=()
PGDATA_DIR=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_instances() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}
cleanup() {
  stop_instances
  if [ -n "$PGDATA_DIR" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

command -v wrk >/dev/null || { echo "wrk is not installed"; exit 2; }
echo "Building Release..."
dotnet build Api -c Release -v q --nologo >"$TMP/build.log" 2>&1 || { tail -20 "$TMP/build.log"; exit 2; }
DLL=$(ls "$ROOT"/Api/bin/Release/net*/EventScheduler.Api.dll | head -1)

# The cluster. Settings: shared_buffers 256MB (a quarter of what a small dedicated server would give it; the data
# here fits), wal_buffers 16MB, max_wal_size 2GB and checkpoint_timeout 15min (no checkpoint inside a run),
# max_connections 300 (two instances' pools of 100 and the benchmark's own), wal_compression off. Durable: fsync,
# synchronous_commit and full_page_writes on.
PG_DIR="$TMP/pg"; mkdir -p "$PG_DIR"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
PGDATA_DIR="$PG_DIR/data"
PG_PORT=$(free_port)
as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C --no-instructions >"$TMP/initdb.log" 2>&1 \
  || { cat "$TMP/initdb.log"; exit 2; }
PG_OPTS="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=on -c synchronous_commit=on -c full_page_writes=on \
 -c shared_buffers=256MB -c wal_buffers=16MB -c max_wal_size=2GB -c checkpoint_timeout=15min -c max_connections=300"
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_DIR/server.log" -o "$PG_OPTS" -w -t 60 start >/dev/null
psql_() { as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt "$@"; }
echo "PostgreSQL $(psql_ -d postgres -c 'SHOW server_version') on port $PG_PORT: $(psql_ -d postgres -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync','synchronous_commit','full_page_writes','shared_buffers','wal_sync_method')")"

start_instance() { # PORT PROVIDER TARGET -> appends to PIDS
  local port=$1 provider=$2 target=$3 db
  if [ "$provider" = sqlite ]; then db=(--Database:Path="$target"); else db=(--Database:Provider=postgres --Database:ConnectionString="$target"); fi
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$DLL" --contentRoot "$(dirname "$DLL")" --urls "http://127.0.0.1:$port" "${db[@]}" --Auth:BootstrapAdminKey="$KEY" \
    --RateLimiting:Enabled=false --Webhooks:Enabled=false --Email:Enabled=false >"$TMP/app-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "instance on $port did not start"; tail -30 "$TMP/app-$port.log"; exit 2
}

post() { curl -sS --fail-with-body -X POST "$1$2" -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -d "$3"; }
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
setup_meeting() { # BASE -> meeting id (published, a million seats, a programme of three slots)
  local b=$1 org h f1 f2 start end m
  org=$(post "$b" /api-keys '{"name":"bench organiser","role":"organiser"}' | json '["key"]')
  h=$(curl -sS --fail-with-body -X POST "$b/hospitals" -H "X-Api-Key: $org" -H 'Content-Type: application/json' \
    -d '{"name":"Bench Hospital","city":"Hanzhong","province":"Shaanxi","allianceRole":"member"}' | json '["id"]')
  f1=$(curl -sS --fail-with-body -X POST "$b/faculty" -H "X-Api-Key: $org" -H 'Content-Type: application/json' -d "{\"fullName\":\"Li Yu\",\"title\":\"Professor\",\"hospitalId\":\"$h\"}" | json '["id"]')
  f2=$(curl -sS --fail-with-body -X POST "$b/faculty" -H "X-Api-Key: $org" -H 'Content-Type: application/json' -d "{\"fullName\":\"Liu Xuemin\",\"title\":\"Director\",\"hospitalId\":\"$h\"}" | json '["id"]')
  start=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=30)).replace(hour=0,minute=30,second=0,microsecond=0).isoformat())")
  end=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=30)).replace(hour=9,minute=30,second=0,microsecond=0).isoformat())")
  m=$(curl -sS --fail-with-body -X POST "$b/meetings" -H "X-Api-Key: $org" -H 'Content-Type: application/json' -d "{\"title\":\"Bench meeting\",\"format\":\"hybrid\",\"startsAt\":\"$start\",\"endsAt\":\"$end\",
      \"city\":\"Hanzhong\",\"province\":\"Shaanxi\",\"venue\":{\"name\":\"Hall\"},\"stream\":{\"platform\":\"p\",\"url\":\"https://live.example.org/b\"},
      \"hostHospitalId\":\"$h\",\"chairIds\":[\"$f2\"],\"inPersonCapacity\":1000000,\"onlineCapacity\":null}" | json '["id"]')
  bash "$ROOT/bench/programme-setup.sh" "$b" "$org" "$m" "$h" "$f1" "$f2" "$start"
  curl -sS --fail-with-body -o /dev/null -X POST "$b/meetings/$m/publish" -H "X-Api-Key: $org" -H "Content-Type: application/json" -d "{}"
  echo "$m"
}

field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }

# Wait events of the cluster's client backends, sampled every 0.2 s while a PostgreSQL run lasts.
sample_waits() { # OUTFILE DB
  while :; do
    psql_ -d "$2" -c "SELECT coalesce(wait_event_type,'CPU') || ':' || coalesce(wait_event,'running') FROM pg_stat_activity
      WHERE backend_type='client backend' AND datname='$2' AND state='active' AND pid <> pg_backend_pid()" >>"$1" 2>/dev/null || true
    sleep 0.2
  done
}

scenario() { # NAME (provider-instances)
  local name=$1 provider=${1%-*} n=${1##*-} target port1 port2 ports=() base m
  case " $SCENARIOS " in *" $name "*) ;; *) return 0 ;; esac
  for workload in signup programme; do
    if [ "$provider" = sqlite ]; then target="$TMP/$name-$workload.db"; rm -f "$target"*
    else local db="es_${name//-/_}_$workload"; psql_ -d postgres -c "CREATE DATABASE $db"
      target="Host=127.0.0.1;Port=$PG_PORT;Database=$db;Username=postgres;Maximum Pool Size=100"; fi
    port1=$(free_port); start_instance "$port1" "$provider" "$target"; ports=("$port1")
    if [ "$n" = 2 ]; then port2=$(free_port); start_instance "$port2" "$provider" "$target"; ports+=("$port2"); fi
    m=$(setup_meeting "http://127.0.0.1:$port1"); export MEETING_ID=$m
    local conns=$((64 / n)) i pids=() nonce="$name-$workload-$RANDOM"
    for i in "${!ports[@]}"; do RUN_NONCE="$nonce-w$i" wrk -t1 -c"$conns" -d"$WARMUP" -s "$BENCH_LUA/$workload.lua" "http://127.0.0.1:${ports[$i]}" >/dev/null & pids+=($!); done
    wait "${pids[@]}"; pids=()
    local sampler=""
    if [ "$provider" = postgres ] && [ "$workload" = signup ]; then : >"$TMP/waits"; sample_waits "$TMP/waits" "$db" & sampler=$!; fi
    for i in "${!ports[@]}"; do RUN_NONCE="$nonce-m$i" wrk -t1 -c"$conns" -d"$DURATION" --latency -s "$BENCH_LUA/$workload.lua" \
      "http://127.0.0.1:${ports[$i]}" >"$TMP/wrk-$i.txt" & pids+=($!); done
    wait "${pids[@]}"
    [ -n "$sampler" ] && { kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; }
    local rps=0 ok=0 p99s="" line
    for i in "${!ports[@]}"; do
      line=$(grep '^RESULT' "$TMP/wrk-$i.txt")
      rps=$(python3 -c "print($rps + $(field "$line" rps))")
      ok=$((ok + $(field "$line" requests) - $(field "$line" status_errors)))
      p99s="$p99s${p99s:+/}$(field "$line" p99_ms)"
    done
    local check=""
    if [ "$workload" = signup ]; then
      sleep 1 # answers cut off by wrk's end may still commit; they are counted below but not as 2xx
      local sql="SELECT count(*) FROM registrations WHERE status='confirmed' AND email LIKE 'bench-$nonce-m%'"
      local confirmed dup
      if [ "$provider" = sqlite ]; then
        confirmed=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$target" "$sql")
        dup=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$target" \
          "SELECT count(*) - count(DISTINCT email_normalised) FROM registrations")
      else
        confirmed=$(psql_ -d "$db" -c "$sql")
        dup=$(psql_ -d "$db" -c "SELECT count(*) - count(DISTINCT email_normalised) FROM registrations")
      fi
      check=" confirmed=$confirmed ok2xx=$ok extra_committed=$((confirmed - ok)) duplicates=$dup"
    fi
    printf '%-12s %-10s rps=%.0f p99_ms=%s%s load="%s"\n' "$name" "$workload" "$rps" "$p99s" "$check" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$TMP/summary"
    if [ -n "$sampler" ]; then
      echo "  wait events (samples of active backends): $(sort "$TMP/waits" | uniq -c | sort -rn | head -6 | awk '{printf "%s %s, ", $2, $1}')"
    fi
    stop_instances
  done
}

for s in sqlite-1 sqlite-2 postgres-1 postgres-2; do scenario "$s"; done

python3 - "$TMP/summary" <<'PY'
import sys, re
r = {}
for l in open(sys.argv[1]):
    f = l.split()
    r[(f[0], f[1])] = float(re.search(r"rps=([\d.]+)", l).group(1))
def q(a, b, w):
    if (a, w) in r and (b, w) in r and r[(b, w)]:
        print(f"{w:9} {a} / {b}: {r[(a, w)] / r[(b, w)]:.2f}")
for w in ("signup", "programme"):
    q("postgres-1", "sqlite-1", w); q("postgres-2", "postgres-1", w); q("sqlite-2", "sqlite-1", w); q("postgres-2", "sqlite-1", w)
PY
