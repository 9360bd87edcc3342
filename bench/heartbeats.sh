#!/usr/bin/env bash
# Heartbeat cost: 10,000 online viewers beating once a minute (issue 14: < 5 % of one core). Builds the Api in
# Release, starts it on a fresh database file (synchronous=FULL), signs up the viewers, measures the server
# process's CPU time over an idle minute and over the heartbeat minute. Run it under the shared bench lock:
#   flock /work/bench.lock bash bench/heartbeats.sh      (env: VIEWERS, PERIOD, PORT, RUNS)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${PORT:-5098}
RUNS=${RUNS:-1}
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="bench-admin-$(date +%s)-heartbeats"
OUT="$ROOT/bench/results"
mkdir -p "$OUT"
echo "Building Release..."
dotnet publish Api -c Release -o "$OUT/heartbeats-app" --nologo -v q >/dev/null

SERVER_PID=""
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
trap stop_server EXIT

for run in $(seq 1 "$RUNS"); do
  dir=$(mktemp -d)
  # SERVER_ENV: extra variables for the server only, e.g. SERVER_ENV="DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0".
  env ${SERVER_ENV:-} Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$OUT/heartbeats-app/EventScheduler.Api.dll" --contentRoot "$OUT/heartbeats-app" --urls "$BASE" --Database:Path="$dir/bench.db" \
    --Auth:BootstrapAdminKey="$ADMIN_KEY" --RateLimiting:Enabled=false --Webhooks:Enabled=false > "$OUT/heartbeats-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.2; done
  python3 "$ROOT/bench/heartbeats.py" "$BASE" "$ADMIN_KEY" "$SERVER_PID" "$dir/bench.db" "${VIEWERS:-10000}" "${PERIOD:-60}" \
    | tee -a "$OUT/heartbeats-raw.txt"
  stop_server
  rm -rf "$dir"
done
