#!/usr/bin/env bash
# Issue 12: a burst of 10,000 sign-ups with Email:Enabled=true (10,000 confirmations enqueued in the sign-ups'
# transactions, the worker sending while the burst runs) against Email:Enabled=false (nothing recorded), on the same
# build in the same run; the sign-up throughput with mail must stay within 10 % of the one without.
# Each run starts the Release build on a fresh database file (synchronous=FULL), warms it up with a small burst,
# waits for that burst's mail to drain, then sends BURST sign-ups with wrk (bench/lua/signup-burst.lua: every
# thread stops once its share is answered) and, with mail on, times how long the outbox takes to drain after it.
# Mail goes to .eml files (the default without Email:Smtp:Host): the same claim, render and bookkeeping per
# message as with SMTP, without an SMTP sink competing for the two cores. The order of on/off alternates by run.
# wrk's own clock runs to -d (LIMIT, default 15 s) even when every thread has stopped; a burst not answered within
# LIMIT is reported complete=0.
# Run it under the shared bench lock:  flock /work/bench.lock bash bench/mail-burst.sh   (env: RUNS, BURST, CONNECTIONS, PORT, LIMIT,
#   MODES: any of off, on, on-nodefer; default "off on")
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-3}
BURST=${BURST:-10000}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-5097}
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="bench-admin-$(date +%s)-mail"
OUT="$ROOT/bench/results"
export BENCH_LUA="$ROOT/bench/lua" BURST
command -v wrk >/dev/null || { echo "wrk is needed (bash bench/run.sh installs it)"; exit 1; }
mkdir -p "$OUT"
echo "Building Release..."
dotnet publish Api -c Release -o "$OUT/mail-app" --nologo -v q >/dev/null

SERVER_PID=""
DIR=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
  if [ -n "$DIR" ]; then rm -rf "$DIR"; DIR=""; fi
}
trap stop_server EXIT

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
post() { curl -sS --fail-with-body -X POST "$BASE$1" -H "X-Api-Key: $2" -H 'Content-Type: application/json' -d "$3"; }

# pending DB -> messages not yet sent (pending, or being handed over)
pending() {
  python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
print(c.execute("SELECT COUNT(*) FROM email_outbox WHERE state IN ('pending', 'sending')").fetchone()[0])
PY
}

wait_drained() { # DB -> seconds until the outbox has nothing pending
  local start; start=$(date +%s.%N)
  while [ "$(pending "$1")" != 0 ]; do sleep 0.2; done
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)"
}

one_run() { # RUN MODE: off | on (Email:DeferWhileBusy default) | on-nodefer (DeferWhileBusy=0: the worker never waits)
  local run=$1 mode=$2 email=true defer="" org h m start end
  case $mode in off) email=false ;; on-nodefer) defer="--Email:DeferWhileBusy=00:00:00" ;; esac
  DIR=$(mktemp -d)
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$OUT/mail-app/EventScheduler.Api.dll" --contentRoot "$OUT/mail-app" --urls "$BASE" --Database:Path="$DIR/bench.db" \
    --Auth:BootstrapAdminKey="$ADMIN_KEY" --RateLimiting:Enabled=false --Webhooks:Enabled=false \
    --Email:Enabled="$email" $defer --PublicBaseUrl=https://meetings.alliance.example.cn > "$OUT/mail-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.2; done
  org=$(post /api-keys "$ADMIN_KEY" '{"name":"bench organiser","role":"organiser"}' | json '["key"]')
  h=$(post /hospitals "$org" '{"name":"Bench Hospital","city":"Hanzhong","province":"Shaanxi","allianceRole":"member"}' | json '["id"]')
  start=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=30)).replace(hour=0,minute=30,second=0,microsecond=0).isoformat())")
  end=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=30)).replace(hour=9,minute=30,second=0,microsecond=0).isoformat())")
  m=$(post /meetings "$org" "{\"title\":\"肝胆外科腹腔镜手术演示会\",\"format\":\"hybrid\",\"startsAt\":\"$start\",\"endsAt\":\"$end\",
      \"city\":\"Hanzhong\",\"province\":\"Shaanxi\",\"venue\":{\"name\":\"Hall\"},\"stream\":{\"platform\":\"p\",\"url\":\"https://live.example.org/b\"},
      \"hostHospitalId\":\"$h\",\"inPersonCapacity\":1000000,\"onlineCapacity\":null}" | json '["id"]')
  post "/meetings/$m/publish" "$org" '' >/dev/null
  export MEETING_ID=$m
  # Warm-up (not measured): JIT, pools, and the worker's first batches; then the outbox drains before the burst.
  RUN_NONCE="warm-$run-$mode-$RANDOM" BURST=1000 wrk -t2 -c"$CONNECTIONS" -d4s -s "$BENCH_LUA/signup-burst.lua" "$BASE" >/dev/null
  [ "$email" = true ] && wait_drained "$DIR/bench.db" >/dev/null
  local line drain="-"
  line=$(RUN_NONCE="burst-$run-$mode-$RANDOM" wrk -t2 -c"$CONNECTIONS" -d"${LIMIT:-15s}" --latency -s "$BENCH_LUA/signup-burst.lua" "$BASE" | grep '^RESULT')
  [ "$email" = true ] && drain=$(wait_drained "$DIR/bench.db")
  echo "run $run mode=$mode: $line drain_after_s=$drain" | tee -a "$OUT/mail-burst-raw.txt"
  stop_server
}

: > "$OUT/mail-burst-raw.txt"
MODES=${MODES:-"off on"}
for run in $(seq 1 "$RUNS"); do
  order=$MODES
  # Alternate the order by run, so a machine getting busier or quieter does not favour one mode.
  [ $((run % 2)) = 0 ] && order=$(echo "$MODES" | tr ' ' '\n' | tac | tr '\n' ' ')
  for mode in $order; do one_run "$run" "$mode"; done
done
python3 - "$OUT/mail-burst-raw.txt" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"run (\d+) mode=(\S+): RESULT (.*)", line.strip())
    if m:
        rows.setdefault(m.group(2), []).append(dict(kv.split("=") for kv in m.group(3).split()))
off = statistics.median(float(r["rps"]) for r in rows["off"])
for mode, runs in rows.items():
    rps = statistics.median(float(r["rps"]) for r in runs)
    print(f"{mode}: median {rps:.0f} sign-ups/s over {len(runs)} runs, {rps / off:.3f} of off (floor 0.90)")
PY
