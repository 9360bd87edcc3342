#!/usr/bin/env bash
# Sign-up latency as the client sees it (wrk) beside what the server measured for the same requests (issue 9).
# On a small shared host wrk's threads and the service's threads compete for the same cores, so a client-side p99 can
# hold time a request spent waiting for a core on either side. This runs the Release build as compare.sh does
# (64 connections, fresh database, warm-up first), scrapes /metrics just before and just after the measured run, and
# prints from the difference the server's http.server.request.duration for POST /meetings/{id}/registrations (share
# under 50 ms, the bucket that holds its p99), the writer's batch and commit means, and the host's CPU pressure
# (/proc/pressure/cpu "some", the share of time a runnable task waited for a core) and the CPU the hypervisor gave to
# other guests (/proc/stat steal), so a slow round can be told from a slower product.
# VARIANTS alternates service settings round by round so drift hits each alike: "default", "inline"
# (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, socket continuations run on the epoll thread), "r2r" (the same
# build published ReadyToRun, precompiled, as README's deployment section publishes it) or any runtime knob as
# NAME=VALUE (run with DOTNET_NAME=VALUE, e.g. TC_CallCountingDelayMs=0).
# WARMUP=signup (default) warms the sign-up path for 5 s first, so the measured run is the steady state;
# WARMUP=programme warms with 10 s of programme reads only, as compare.sh does, so the measured run starts with a
# cold sign-up path (JIT tier-up, thread pool growth, a cold cache): what a registration opening meets after a restart.
# Usage: bash bench/signup-latency.sh   (env: ROUNDS=3, DURATION=10s, CONNECTIONS=64, PORT=5097, VARIANTS="default", WARMUP=signup)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-5097}
VARIANTS=${VARIANTS:-default}
WARMUP=${WARMUP:-signup}
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="bench-admin-$(date +%s)-$RANDOM"
OUT="$ROOT/bench/results"
export BENCH_LUA="$ROOT/bench/lua"
command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }

mkdir -p "$OUT"
dotnet publish Api -c Release -o "$OUT/app" --nologo -v q >/dev/null
case " $VARIANTS " in *" r2r "*) dotnet publish Api -c Release -o "$OUT/app-r2r" -r linux-x64 --self-contained false -p:PublishReadyToRun=true --nologo -v q >/dev/null ;; esac

SERVER_PID=""
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
trap stop_server EXIT

start_server() { # VARIANT
  local dir inline=0 app="$OUT/app" knob=(); dir=$(mktemp -d)
  case "$1" in
    inline) inline=1 ;;
    r2r) app="$OUT/app-r2r" ;;
    *=*) knob=("DOTNET_$1") ;;
  esac
  env "${knob[@]}" DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$inline Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$app/EventScheduler.Api.dll" --contentRoot "$app" --urls "$BASE" --Database:Path="$dir/bench.db" --Auth:BootstrapAdminKey="$ADMIN_KEY" \
    --RateLimiting:Enabled=false --Email:Enabled=false > "$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "server did not start"; cat "$OUT/server.log"; exit 1
}

source "$ROOT/bench/lib.sh"
# CPU time the hypervisor gave to others while this guest wanted it (/proc/stat "steal", in clock ticks).
steal() { awk '/^cpu / {print $9}' /proc/stat; }
# The service's own CPU time (user + system, clock ticks): per sign-up it does not depend on how much CPU wrk got.
cputime() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
pressure() { sed -n 's/^some avg10=[0-9.]* avg60=[0-9.]* avg300=[0-9.]* total=\([0-9]*\)$/\1/p' /proc/pressure/cpu 2>/dev/null || echo 0; }

RAW="$OUT/signup-latency-raw.txt"
: > "$RAW"
for round in $(seq 1 "$ROUNDS"); do
  for variant in $VARIANTS; do
    start_server "$variant"
    MEETING_ID=$(setup_meeting)
    export MEETING_ID RUN_NONCE="latency-$variant-$round-$RANDOM-warmup"
    if [ "$WARMUP" = programme ]; then
      wrk -t2 -c"$CONNECTIONS" -d10s "$BASE/meetings/$MEETING_ID/programme" >/dev/null
    else
      wrk -t2 -c"$CONNECTIONS" -d5s -s "$ROOT/bench/lua/signup.lua" "$BASE" >/dev/null
    fi
    export RUN_NONCE="latency-$variant-$round-$RANDOM"
    curl -fsS "$BASE/metrics" > "$OUT/metrics-before.txt"
    p0=$(pressure); s0=$(steal); c0=$(cputime); t0=$(date +%s%N)
    line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/lua/signup.lua" "$BASE" | grep '^RESULT')
    p1=$(pressure); s1=$(steal); c1=$(cputime); t1=$(date +%s%N)
    curl -fsS "$BASE/metrics" > "$OUT/metrics-after.txt"
    server=$(python3 - "$OUT/metrics-before.txt" "$OUT/metrics-after.txt" <<'PY'
import re, sys
def load(path):
    values = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        name, _, value = line.rpartition(" ")
        values[name] = float(value)
    return values
before, after = load(sys.argv[1]), load(sys.argv[2])
def delta(name): return after.get(name, 0.0) - before.get(name, 0.0)
route = r'http_route="/meetings/\{id\}/registrations"'
buckets = []
for name in after:
    if name.startswith("http_server_request_duration_seconds_bucket{") and re.search(route, name) \
            and 'http_request_method="POST"' in name and 'http_response_status_code="201"' in name:
        le = re.search(r'le="([^"]+)"', name).group(1)
        buckets.append((float("inf") if le == "+Inf" else float(le), delta(name)))
buckets.sort()
total = buckets[-1][1] if buckets else 0
under50 = next((count for le, count in buckets if abs(le - 0.05) < 1e-9), 0)
p99 = next((le for le, count in buckets if total and count >= 0.99 * total), float("nan"))
def mean(prefix):
    base = lambda n: n.split("{")[0]
    s = sum(delta(n) for n in after if base(n).startswith(prefix) and base(n).endswith("_sum"))
    c = sum(delta(n) for n in after if base(n).startswith(prefix) and base(n).endswith("_count"))
    return (s / c if c else float("nan")), c
batch_s, batches = mean("eventscheduler_registration_writer_batch_duration")
commit_s, _ = mean("eventscheduler_registration_writer_commit_duration")
size, _ = mean("eventscheduler_registration_writer_batch_size")
batch_ms, commit_ms = batch_s * 1000, commit_s * 1000
print(f"server_201={int(total)} server_under50={100 * under50 / total if total else 0:.2f}% "
      f"server_p99_bucket_ms={p99 * 1000:.0f} batches={int(batches)} batch_size={size:.1f} batch_ms={batch_ms:.2f} commit_ms={commit_ms:.2f}")
PY
)
    cpu_wait=$(python3 -c "print(f'{100 * ($p1 - $p0) / (($t1 - $t0) / 1000):.0f}')")
    # Steal as a share of the whole machine's CPU time over the run (all cores).
    stolen=$(python3 -c "print(f'{100 * ($s1 - $s0) / $(getconf CLK_TCK) / (($t1 - $t0) / 1e9) / $(nproc):.1f}')")
    requests=$(echo "$line" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')
    cpu_us=$(python3 -c "print(f'{($c1 - $c0) / $(getconf CLK_TCK) * 1e6 / max(1, ${requests:-0}):.0f}')")
    echo "$variant round $round: $line $server cpu_us_per_signup=$cpu_us cpu_some=${cpu_wait}% steal=${stolen}%" | tee -a "$RAW"
    stop_server
  done
done

python3 - "$RAW" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    rows.setdefault(line.split()[0], []).append(dict(re.findall(r"(\w+)=([\d.]+)", line)))
for variant, rs in rows.items():
    def med(k): return statistics.median(float(r[k]) for r in rs if k in r)
    print(f"{variant}: median of {len(rs)} rounds: rps {med('rps'):.0f}, client p99 {med('p99_ms'):.1f} ms, "
          f"server under 50 ms {med('server_under50'):.2f}%, server p99 bucket {med('server_p99_bucket_ms'):.0f} ms, "
          f"batch {med('batch_size'):.1f} commands in {med('batch_ms'):.2f} ms (commit {med('commit_ms'):.2f} ms), "
          f"service CPU {med('cpu_us_per_signup'):.0f} µs per sign-up, host CPU pressure {med('cpu_some'):.0f}%, steal {med('steal'):.1f}%")
PY
