#!/usr/bin/env bash
# Sign-ups with and without metrics, in one run (issue 16): the cost of the OpenTelemetry instruments on the hot path.
# "on" is the default service (Prometheus exporter, ASP.NET Core and the writer's instruments) scraped every second
# as Prometheus would; "off" is Metrics:Prometheus:Enabled=false without OTLP (no metrics SDK at all). The two
# alternate ROUNDS times (default 3) on fresh databases so drift on a shared machine hits both alike; the medians
# and the on/off ratio are printed. Run it under `flock /work/bench.lock` on a shared machine.
# Usage: bash bench/metrics.sh   (env: ROUNDS, DURATION, CONNECTIONS, PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-5098}
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="bench-admin-$(date +%s)-$RANDOM"
OUT="$ROOT/bench/results"
export BENCH_LUA="$ROOT/bench/lua"
command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }

mkdir -p "$OUT"
dotnet publish Api -c Release -o "$OUT/app" --nologo -v q >/dev/null

SERVER_PID=""; SCRAPER_PID=""
stop_all() {
  if [ -n "$SCRAPER_PID" ]; then kill "$SCRAPER_PID" 2>/dev/null || true; wait "$SCRAPER_PID" 2>/dev/null || true; SCRAPER_PID=""; fi
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
trap stop_all EXIT

start_server() { # METRICS_ENABLED
  local dir; dir=$(mktemp -d)
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$OUT/app/EventScheduler.Api.dll" --contentRoot "$OUT/app" --urls "$BASE" --Database:Path="$dir/bench.db" --Auth:BootstrapAdminKey="$ADMIN_KEY" \
    --RateLimiting:Enabled=false --Email:Enabled=false --Metrics:Prometheus:Enabled="$1" > "$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "server did not start"; cat "$OUT/server.log"; exit 1
}

source "$ROOT/bench/lib.sh"

: > "$OUT/metrics-raw.txt"
for round in $(seq 1 "$ROUNDS"); do
  for mode in on off; do
    start_server "$([ "$mode" = on ] && echo true || echo false)"
    MEETING_ID=$(setup_meeting)
    export MEETING_ID RUN_NONCE="metrics-$mode-$round-$RANDOM-warmup"
    if [ "$mode" = on ]; then
      (while true; do curl -fs "$BASE/metrics" >/dev/null || true; sleep 1; done) & SCRAPER_PID=$!
    fi
    wrk -t2 -c"$CONNECTIONS" -d3s -s "$ROOT/bench/lua/signup.lua" "$BASE" >/dev/null
    export RUN_NONCE="metrics-$mode-$round-$RANDOM"
    line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/signup.lua" "$BASE" | grep '^RESULT')
    echo "$mode round $round: $line" | tee -a "$OUT/metrics-raw.txt"
    stop_all
  done
done

python3 - "$OUT/metrics-raw.txt" <<'PY'
import re, statistics, sys
rows = {"on": [], "off": []}
for line in open(sys.argv[1]):
    mode = line.split()[0]
    fields = dict(re.findall(r"(\w+)=([\d.]+)", line))
    rows[mode].append(fields)
def med(mode, key):
    return statistics.median(float(r[key]) for r in rows[mode] if key in r)
keys = [k for k in ("rps", "p50_ms", "p99_ms") if all(k in r for r in rows["on"] + rows["off"])]
for k in keys:
    on, off = med("on", k), med("off", k)
    print(f"{k}: metrics on {on:.1f}, off {off:.1f}, on/off {on / off:.3f}")
PY
