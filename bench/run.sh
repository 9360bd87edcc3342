#!/usr/bin/env bash
# Benchmarks EventScheduler against its targets with wrk (Debian's package, installed here if missing).
# Each scenario runs RUNS times (default 3) on a fresh Release build and a fresh database file, and the
# medians go into docs/benchmarks.md. Usage: bash bench/run.sh   (env: RUNS, DURATION, WARMUP, PORT, SCENARIOS, FLOOR_DIR)
# With signup-64 it also runs the floor (FLOOR_DIR, default ../shared/floor: the least code doing the same sign-up,
# batch mode) under the same load, run for run after the product's, and prints signup-64's ratio to it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
PORT=${PORT:-5099}
SCENARIOS=${SCENARIOS:-"programme-64 signup-64 signup-32 mixed-64"}
FLOOR_DIR=${FLOOR_DIR:-$ROOT/../shared/floor}
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="bench-admin-$(date +%s)"
OUT="$ROOT/bench/results"
export BENCH_LUA="$ROOT/bench/lua"

if ! command -v wrk >/dev/null; then
  echo "Installing wrk from Debian's packages..."
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi
command -v python3 >/dev/null || { echo "python3 is needed to set up data and compute medians"; exit 1; }

mkdir -p "$OUT"
echo "Building Release..."
dotnet publish Api -c Release -o "$OUT/app" --nologo -v q >/dev/null

SERVER_PID=""
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
trap stop_server EXIT

start_server() { # [extra server arguments...]
  local dir; dir=$(mktemp -d)
  Logging__LogLevel__Default=Warning \
  ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$OUT/app/EventScheduler.Api.dll" --contentRoot "$OUT/app" --urls "$BASE" --Database:Path="$dir/bench.db" \
    --Auth:BootstrapAdminKey="$ADMIN_KEY" --RateLimiting:Enabled=false "$@" > "$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "server did not start"; cat "$OUT/server.log"; exit 1
}

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

post() { # post PATH KEY BODY -> body
  curl -sS --fail-with-body -X POST "$BASE$1" -H "X-Api-Key: $2" -H 'Content-Type: application/json' -d "$3"
}

setup_data() {
  local org h f1 f2 m start end
  org=$(post /api-keys "$ADMIN_KEY" '{"name":"bench organiser","role":"organiser"}' | json '["key"]')
  h=$(post /hospitals "$org" '{"name":"Bench Hospital","city":"Hanzhong","province":"Shaanxi","allianceRole":"member"}' | json '["id"]')
  f1=$(post /faculty "$org" "{\"fullName\":\"Li Yu\",\"title\":\"Professor\",\"hospitalId\":\"$h\"}" | json '["id"]')
  f2=$(post /faculty "$org" "{\"fullName\":\"Liu Xuemin\",\"title\":\"Director\",\"hospitalId\":\"$h\"}" | json '["id"]')
  start=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=30)).replace(hour=0,minute=30,second=0,microsecond=0).isoformat())")
  end=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=30)).replace(hour=9,minute=30,second=0,microsecond=0).isoformat())")
  m=$(post /meetings "$org" "{\"title\":\"Bench meeting\",\"format\":\"hybrid\",\"startsAt\":\"$start\",\"endsAt\":\"$end\",
      \"city\":\"Hanzhong\",\"province\":\"Shaanxi\",\"venue\":{\"name\":\"Hall\"},\"stream\":{\"platform\":\"p\",\"url\":\"https://live.example.org/b\"},
      \"hostHospitalId\":\"$h\",\"chairIds\":[\"$f2\"],\"inPersonCapacity\":1000000,\"onlineCapacity\":null}" | json '["id"]')
  bash "$ROOT/bench/programme-setup.sh" "$BASE" "$org" "$m" "$h" "$f1" "$f2" "$start"
  post "/meetings/$m/publish" "$org" '' >/dev/null
  echo "$m"
}

peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

# The floor, built once into a folder of its own; started per run on a fresh database file (synchronous=FULL).
FLOOR_OUT=""
build_floor() {
  [ -f "$FLOOR_DIR/Floor.csproj" ] || { echo "No floor at $FLOOR_DIR: signup-64 is reported without its ratio."; return 1; }
  FLOOR_OUT=$(mktemp -d)
  cp "$FLOOR_DIR/Floor.csproj" "$FLOOR_DIR/Program.cs" "$FLOOR_OUT/"
  (cd "$FLOOR_OUT" && dotnet build -c Release -o "$FLOOR_OUT/out" -v q >/dev/null) || { echo "The floor did not build."; FLOOR_OUT=""; return 1; }
}

run_floor() { # RUN CONNECTIONS
  local dir; dir=$(mktemp -d)
  (cd "$dir" && FLOOR_MODE=batch FLOOR_DB="$dir/floor.db" exec dotnet "$FLOOR_OUT/out/Floor.dll" --urls "$BASE" > "$OUT/floor.log" 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/meetings/1" >/dev/null 2>&1 && break; sleep 0.2; done
  (export MEETING_ID=1 SIGNUP_STYLE=floor; measure "floor-signup-$2" "$1" signup.lua "$2")
  stop_server
}

measure() { # NAME RUN SCRIPT CONNECTIONS: a warm-up, then the measured run's RESULT line into raw.txt
  export RUN_NONCE="$1-$2-$RANDOM-warmup"
  # Warm-up (not measured): lets the JIT tier up and the connection pools fill, as in a running service.
  wrk -t2 -c"$4" -d"${WARMUP:-3s}" -s "$ROOT/bench/lua/$3" "$BASE" >/dev/null
  export RUN_NONCE="$1-$2-$RANDOM"
  local line
  line=$(wrk -t2 -c"$4" -d"$DURATION" --latency -s "$ROOT/bench/lua/$3" "$BASE" | grep '^RESULT')
  echo "$1 run $2: $line rss_mb=$(peak_rss_mb)" | tee -a "$OUT/raw.txt"
}

run_scenario() { # NAME SCRIPT CONNECTIONS
  local name=$1 script=$2 conns=$3
  case " $SCENARIOS " in *" $name "*) ;; *) return 0 ;; esac
  # NAME+limits: the same with the rate limits on (budgets too large to refuse anything), so the table shows what
  # counting costs: the per-e-mail budget is one upsert in the database per anonymous sign-up, the per-address
  # limit an in-memory count shared through the database every 250 ms.
  local limits=()
  case $name in *+limits) limits=(--RateLimiting:Enabled=true --RateLimiting:AnonymousRead:PermitLimit=100000000
    --RateLimiting:AnonymousWrite:PermitLimit=100000000 --RateLimiting:PerEmail:PermitLimit=1000) ;; esac
  for run in $(seq 1 "$RUNS"); do
    start_server "${limits[@]}"
    MEETING_ID=$(setup_data)
    export MEETING_ID
    measure "$name" "$run" "$script" "$conns"
    stop_server
    if [ "$name" = signup-64 ] && [ -n "$FLOOR_OUT" ]; then run_floor "$run" "$conns"; fi
  done
}

: > "$OUT/raw.txt"
case " $SCENARIOS " in *" signup-64 "*) build_floor || true ;; esac
run_scenario programme-64 programme.lua 64
run_scenario signup-64 signup.lua 64
run_scenario signup-32 signup.lua 32
run_scenario mixed-64 mixed.lua 64
run_scenario programme-64+limits programme.lua 64
run_scenario signup-64+limits signup.lua 64

# REPORT=0: only bench/results/raw.txt (e.g. for a subset of scenarios quoted by hand).
if [ "${REPORT:-1}" = 1 ]; then
  python3 "$ROOT/bench/report.py" "$OUT/raw.txt" "$ROOT/docs/benchmarks.md" "$RUNS" "$DURATION"
  echo "Wrote docs/benchmarks.md"
fi
