#!/usr/bin/env bash
# Issue 9 item 7: cost flat in the size of a meeting. Seeds SEEDED (default 1,000,000) registrations into one meeting
# and 1,000 into another, then measures, on each, p50/p99 of the summary, a list page filtered to the few waiting,
# the first and the 20th keyset page (the last of the 1,000), check-ins (distinct first check-ins) and sign-ups, with wrk -t2 -c8 for
# DURATION (default 5s) each. Prints a table and the big/small p99 ratio (target: within 2x). The 1,000 meeting has
# about 330 check-in codes: once a run has used them, its check-ins answer 409 already_checked_in (the same lookup),
# counted in the errors column.
# Usage: bash bench/million.sh   (env: SEEDED, DURATION, WARMUP, PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SEEDED=${SEEDED:-1000000}
DURATION=${DURATION:-5s}
PORT=${PORT:-5098}
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="bench-admin-$(date +%s)-$RANDOM"
OUT="$ROOT/bench/results"
DB_DIR=$(mktemp -d)
export BENCH_LUA="$ROOT/bench/lua"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

mkdir -p "$OUT"
echo "Building Release..."
dotnet publish Api -c Release -o "$OUT/app" --nologo -v q >/dev/null

SERVER_PID=""
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
trap 'stop_server; rm -rf "$DB_DIR"' EXIT
start_server() {
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$OUT/app/EventScheduler.Api.dll" --contentRoot "$OUT/app" --urls "$BASE" --Database:Path="$DB_DIR/million.db" \
    --Auth:BootstrapAdminKey="$ADMIN_KEY" --RateLimiting:Enabled=false --Webhooks:Enabled=false --Email:Enabled=false \
    > "$OUT/million-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do curl -fs "$BASE/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "server did not start"; cat "$OUT/million-server.log"; exit 1
}
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
post() { curl -sS --fail-with-body -X POST "$BASE$1" -H "X-Api-Key: $2" -H 'Content-Type: application/json' -d "$3"; }

start_server
ORG=$(post /api-keys "$ADMIN_KEY" '{"name":"million organiser","role":"organiser"}' | json '["key"]')
DOOR=$(post /api-keys "$ADMIN_KEY" '{"name":"million door","role":"check_in"}' | json '["key"]')
H=$(post /hospitals "$ORG" '{"name":"Million Hospital","city":"Xian","province":"Shaanxi","allianceRole":"chair"}' | json '["id"]')
DAY=$(date -u -d "+300 days" +%F); TODAY=$(date -u +%F)
meeting() { # title -> id (published, open, room for everyone in both modes)
  local id
  id=$(post /meetings "$ORG" "{\"title\":\"$1\",\"series\":\"Million\",\"seriesNumber\":1,\"format\":\"hybrid\",\"timeZone\":\"Asia/Shanghai\",
    \"startsAt\":\"${DAY}T08:00:00+08:00\",\"endsAt\":\"${DAY}T18:00:00+08:00\",\"city\":\"Hanzhong\",\"province\":\"Shaanxi\",
    \"venue\":{\"name\":\"Hall\",\"address\":\"Hanzhong\"},\"stream\":{\"platform\":\"webcast\",\"url\":\"https://stream.example.org/m\"},
    \"hostHospitalId\":\"$H\",\"inPersonCapacity\":1000000,\"onlineCapacity\":null,
    \"registrationOpensAt\":\"${TODAY}T00:00:00+08:00\",\"registrationClosesAt\":\"${DAY}T07:00:00+08:00\"}" | json '["id"]')
  [ -n "$id" ] || { echo "could not create the meeting \"$1\"" >&2; exit 1; }
  post "/meetings/$id/publish" "$ORG" '{}' >/dev/null
  echo "$id"
}
BIG=$(meeting "Million meeting"); SMALL=$(meeting "Thousand meeting")
stop_server
echo "Seeding $SEEDED registrations (and 1,000)..."
python3 bench/million-seed.py "$DB_DIR/million.db" "$BIG" "$SEEDED"
python3 bench/million-seed.py "$DB_DIR/million.db" "$SMALL" 1000
start_server

cursor_of_page() { # meeting page -> the cursor that starts that page (limit 50)
  local c="" i
  for i in $(seq 2 "$2"); do
    c=$(curl -fsS -H "X-Api-Key: $ORG" "$BASE/meetings/$1/registrations?limit=50${c:+&cursor=$c}" | json '["nextCursor"]')
  done
  echo "$c"
}

# Warm-up, unmeasured: every request kind once on each meeting for WARMUP, so neither meeting's figures carry the
# service's first minute (JIT, page cache). Not check-ins on the 1,000 meeting: its few codes are for the measured run.
WARMUP=${WARMUP:-3s}
for m in big small; do
  id=$([ $m = big ] && echo "$BIG" || echo "$SMALL"); n=$([ $m = big ] && echo "$SEEDED" || echo 1000)
  for kind in summary waitlisted page1 checkin signup; do
    [ "$m.$kind" = small.checkin ] && continue
    key=$ORG; [ $kind = checkin ] && key=$DOOR
    KIND=$kind MEETING_ID=$id API_KEY=$key CURSOR="" SEEDED=$n RUN_NONCE="warm$m$RANDOM" CODE_OFFSET=$((n / 12)) \
      wrk -t2 -c8 -d"$WARMUP" -s bench/lua/million.lua "$BASE" >/dev/null
  done
done

declare -A P50 P99 ERR
for m in big small; do
  id=$([ $m = big ] && echo "$BIG" || echo "$SMALL"); n=$([ $m = big ] && echo "$SEEDED" || echo 1000)
  cursor=$(cursor_of_page "$id" 20)
  for kind in summary waitlisted page1 page20 checkin signup; do
    key=$ORG; [ $kind = checkin ] && key=$DOOR
    line=$(KIND=$kind MEETING_ID=$id API_KEY=$key CURSOR=$cursor SEEDED=$n RUN_NONCE="$m$RANDOM" \
      wrk -t2 -c8 -d"$DURATION" -s bench/lua/million.lua "$BASE" | grep '^RESULT')
    P50[$m.$kind]=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$line"); P99[$m.$kind]=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$line")
    ERR[$m.$kind]=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<<"$line")
  done
done

echo
echo "| request | p50 ms (1,000) | p99 ms (1,000) | p50 ms ($SEEDED) | p99 ms ($SEEDED) | p99 ratio | errors |"
echo "|---|---|---|---|---|---|---|"
for kind in summary waitlisted page1 page20 checkin signup; do
  ratio=$(python3 -c "print(f'{${P99[big.$kind]}/max(${P99[small.$kind]},0.001):.2f}')")
  echo "| $kind | ${P50[small.$kind]} | ${P99[small.$kind]} | ${P50[big.$kind]} | ${P99[big.$kind]} | $ratio | $(( ${ERR[small.$kind]} + ${ERR[big.$kind]} )) |"
done
