#!/usr/bin/env bash
# Live feed at scale (issue 15 item 4): one Release instance, LISTENERS concurrent SSE listeners on
# GET /meetings/{id}/live opened from a bounded loopback client (bench/SseListeners: one socket and a 1 KiB
# buffer per listener, at most 200 connecting at once), ROUNDS live status changes, each timed from the
# moment the change request is sent until every listener has the event.
# Prints a RESULT line and, with UPDATE_DOCS=1, writes it into docs/benchmarks.md.
# PROTOCOL=h2: the listeners are HTTP/2 streams (prior knowledge, cleartext) on a second endpoint of the server
# (Kestrel:Endpoints with Protocols=Http2), STREAMS_PER_CONNECTION (default 100) per connection, as an HTTP/2
# reverse proxy or CDN in front of the instance would multiplex browsers' feeds; HTTP/1.1 stays on PORT.
# Usage: flock /work/bench.lock bash bench/live-feed.sh   (env: LISTENERS=20000 ROUNDS=5 PORT=5098 PROTOCOL=http1|h2)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LISTENERS=${LISTENERS:-20000}
ROUNDS=${ROUNDS:-5}
PORT=${PORT:-5098}
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="bench-admin-$(date +%s)"
OUT="$ROOT/bench/results"
mkdir -p "$OUT"

# Each listener is one socket on the server and one in the client: raise the descriptor limit (both
# processes inherit it). A host that refuses more than its hard limit caps the listener count below it.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
LIMIT=$(ulimit -n)
PROTOCOL=${PROTOCOL:-http1}
STREAMS_PER_CONNECTION=${STREAMS_PER_CONNECTION:-100}
H2_PORT=$((PORT + 1))
SERVER_ARGS=(--urls "$BASE")
CLIENT_ENV=()
if [ "$PROTOCOL" = h2 ]; then
  # Both endpoints explicit (Kestrel:Endpoints replaces --urls): HTTP/1.1 for setup and the status changes, HTTP/2 for listeners.
  SERVER_ARGS=(--Kestrel:Endpoints:Http:Url="$BASE" --Kestrel:Endpoints:H2:Url="http://127.0.0.1:$H2_PORT"
    --Kestrel:Endpoints:H2:Protocols=Http2 --Kestrel:Limits:Http2:MaxStreamsPerConnection="$STREAMS_PER_CONNECTION")
  CLIENT_ENV=(H2_URL="http://127.0.0.1:$H2_PORT")
fi
# The server needs about 300 descriptors of its own (assemblies, database, epoll); keep a margin of 1,000.
# Over HTTP/2 a descriptor carries STREAMS_PER_CONNECTION listeners.
if [ "$PROTOCOL" != h2 ] && [ "$LISTENERS" -gt $((LIMIT - 1000)) ]; then
  echo "file descriptor limit is $LIMIT (hard limit $(ulimit -Hn)); running $((LIMIT - 1000)) listeners instead of $LISTENERS" >&2
  LISTENERS=$((LIMIT - 1000))
fi

echo "Building Release..."
dotnet publish Api -c Release -o "$OUT/app" --nologo -v q >/dev/null
dotnet publish bench/SseListeners -c Release -o "$OUT/sse" --nologo -v q >/dev/null

SERVER_PID=""
DATA_DIR=$(mktemp -d)
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; rm -rf "$DATA_DIR"; }
trap stop_server EXIT

Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$OUT/app/EventScheduler.Api.dll" --contentRoot "$OUT/app" "${SERVER_ARGS[@]}" --Database:Path="$DATA_DIR/bench.db" \
  --Auth:BootstrapAdminKey="$ADMIN_KEY" --RateLimiting:Enabled=false > "$OUT/live-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$BASE/health" >/dev/null || { echo "server did not start"; cat "$OUT/live-server.log"; exit 1; }

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
post() { curl -sS --fail-with-body -X POST "$BASE$1" -H "X-Api-Key: $2" -H 'Content-Type: application/json' -d "$3"; }

org=$(post /api-keys "$ADMIN_KEY" '{"name":"bench organiser","role":"organiser"}' | json '["key"]')
h=$(post /hospitals "$org" '{"name":"Bench Hospital","city":"Hanzhong","province":"Shaanxi","allianceRole":"member"}' | json '["id"]')
f1=$(post /faculty "$org" "{\"fullName\":\"Li Yu\",\"title\":\"Professor\",\"hospitalId\":\"$h\"}" | json '["id"]')
f2=$(post /faculty "$org" "{\"fullName\":\"Liu Xuemin\",\"title\":\"Director\",\"hospitalId\":\"$h\"}" | json '["id"]')
start=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=1)).replace(hour=0,minute=30,second=0,microsecond=0).isoformat())")
end=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=1)).replace(hour=9,minute=30,second=0,microsecond=0).isoformat())")
m=$(post /meetings "$org" "{\"title\":\"Bench live meeting\",\"format\":\"hybrid\",\"timeZone\":\"Asia/Shanghai\",\"startsAt\":\"$start\",\"endsAt\":\"$end\",
    \"city\":\"Hanzhong\",\"province\":\"Shaanxi\",\"venue\":{\"name\":\"Hall\"},\"stream\":{\"platform\":\"p\",\"url\":\"https://live.example.org/b\"},
    \"hostHospitalId\":\"$h\",\"inPersonCapacity\":100,\"onlineCapacity\":null}" | json '["id"]')
bash "$ROOT/bench/programme-setup.sh" "$BASE" "$org" "$m" "$h" "$f1" "$f2" "$start"
post "/meetings/$m/publish" "$org" '' >/dev/null
slot=$(curl -sS --fail-with-body "$BASE/meetings/$m/slots" -H "X-Api-Key: $org" | json '["items"][0]["id"]')

echo "Opening $LISTENERS listeners ($PROTOCOL)..."
env "${CLIENT_ENV[@]}" dotnet "$OUT/sse/SseListeners.dll" "$BASE" "$m" "$slot" "$org" "$LISTENERS" "$ROUNDS" "$SERVER_PID" | tee "$OUT/live-client.log"
line=$(grep '^RESULT' "$OUT/live-client.log")
echo "$line"
if [ "${UPDATE_DOCS:-0}" = 1 ]; then
  python3 - "$ROOT/docs/benchmarks.md" "$line" <<'PY'
import sys, re, datetime, os
path, line = sys.argv[1], sys.argv[2]
kv = dict(p.split("=", 1) for p in line.split()[1:])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
ok = float(kv["worst_round_p99_ms"]) < 1000 and float(kv["peak_rss_mb"]) < 600 and kv["lost"] == "0"
block = (f"Run on {when}; {os.cpu_count()} cores ({cpu}), {mem} GiB; client and server on the same machine; "
         f"{kv['rounds']} status changes.\n\n"
         f"Protocol: {kv.get('protocol', 'http1')}; server descriptors with listeners open: {kv.get('server_fds', '?')}; "
         f"/health with all listeners open: {kv.get('health', '?')} in {kv.get('health_ms', '?')} ms; load average before: {os.getloadavg()[0]:.2f}.\n\n"
         "| listeners | p50 ms | p99 ms (all rounds) | worst round p99 ms | max ms | lost | RSS before MB | RSS with listeners MB | peak RSS MB | per listener | target met |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|\n"
         f"| {int(kv['listeners']):,} | {kv['p50_ms']} | {kv['p99_ms']} | {kv['worst_round_p99_ms']} | {kv['max_ms']} | {kv['lost']} | "
         f"{kv['rss_before_mb']} | {kv['rss_connected_mb']} | {kv['peak_rss_mb']} | {float(kv['bytes_per_listener']) / 1024:.1f} KiB | "
         f"{'yes' if ok else 'no'} |\n")
text = open(path).read()
text = re.sub(r"<!-- live-feed:start -->.*<!-- live-feed:end -->", "<!-- live-feed:start -->\n" + block + "<!-- live-feed:end -->", text, flags=re.S)
open(path, "w").write(text)
PY
fi
