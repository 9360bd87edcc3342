#!/usr/bin/env python3
"""Heartbeat load: N online viewers each beating once every PERIOD seconds, paced, for one full period.

Measures the server's CPU time (utime + stime of its process, from /proc) over the heartbeat period and
over an idle period of the same length, and reports the difference as a share of one core.
Usage: heartbeats.py BASE ADMIN_KEY SERVER_PID DB_PATH [VIEWERS] [PERIOD_S]
"""
import datetime as dt
import http.client
import json
import os
import sqlite3
import statistics
import sys
import threading
import time
import urllib.parse

base, admin, pid, db_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
viewers = int(sys.argv[5]) if len(sys.argv) > 5 else 10_000
period = float(sys.argv[6]) if len(sys.argv) > 6 else 60.0
url = urllib.parse.urlparse(base)
ticks = os.sysconf("SC_CLK_TCK")


def conn():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def call(c, method, path, body=None, headers=None):
    h = {"Content-Type": "application/json", **(headers or {})}
    c.request(method, path, body=None if body is None else json.dumps(body), headers=h)
    r = c.getresponse()
    data = r.read()
    return r.status, (json.loads(data) if data and r.getheader("Content-Type", "").find("json") >= 0 else None)


def cpu_seconds():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


c = conn()
_, key = call(c, "POST", "/api-keys", {"name": "bench organiser", "role": "organiser"}, {"X-Api-Key": admin})
org = {"X-Api-Key": key["key"]}
_, h = call(c, "POST", "/hospitals", {"name": "Bench Hospital", "city": "Hanzhong", "province": "Shaanxi", "allianceRole": "member"}, org)
now = dt.datetime.now(dt.timezone.utc)
# Starts in 10 minutes: inside the join window (30 minutes before the start) at once, and still publishable.
start, end = now + dt.timedelta(minutes=10), now + dt.timedelta(hours=8)
status, m = call(c, "POST", "/meetings", {
    "title": "Heartbeat bench", "format": "online", "startsAt": start.isoformat(), "endsAt": end.isoformat(),
    "stream": {"platform": "p", "url": "https://live.example.org/b"}, "hostHospitalId": h["id"], "onlineCapacity": None}, org)
assert status == 201, m
call(c, "POST", f"/meetings/{m['id']}/publish", None, org)

print(f"signing up {viewers} online viewers...", flush=True)
registrations = [None] * viewers
def sign_up(part, parts):
    cc = conn()
    for i in range(part, viewers, parts):
        s, r = call(cc, "POST", f"/meetings/{m['id']}/registrations", {
            "fullName": f"Viewer {i}", "email": f"viewer{i}@bench.example.cn", "jobTitle": "Surgeon", "specialty": "HPB",
            "hospitalName": "Bench Hospital", "mode": "online"})
        assert s == 201, r
        registrations[i] = (r["id"], r["manageToken"])
threads = [threading.Thread(target=sign_up, args=(p, 16)) for p in range(16)]
[t.start() for t in threads]
[t.join() for t in threads]

latencies, errors, lock = [], [], threading.Lock()


def beat(part, parts, t0):
    cc = conn()
    for i in range(part, viewers, parts):
        due = t0 + period * i / viewers
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        rid, token = registrations[i]
        sent = time.monotonic()
        try:
            s, _ = call(cc, "POST", f"/registrations/{rid}/attendance/heartbeats", None, {"X-Registration-Token": token})
        except Exception as e:  # noqa: BLE001 - any failure is an error of the run
            s = repr(e)
            cc = conn()
        with lock:
            latencies.append((time.monotonic() - sent) * 1000)
            if s != 204:
                errors.append(s)


# Idle baseline of the same length: what the server costs doing nothing (background workers).
print(f"idle baseline for {period:.0f} s...", flush=True)
idle0, w0 = cpu_seconds(), time.monotonic()
time.sleep(period)
idle_cpu, idle_wall = cpu_seconds() - idle0, time.monotonic() - w0

print(f"{viewers} heartbeats over {period:.0f} s...", flush=True)
# Enough senders that a 200 ms answer (the writer's linger) never holds the pace back.
parts = 256
t0 = time.monotonic() + 0.5
cpu0 = cpu_seconds()
threads = [threading.Thread(target=beat, args=(p, parts, t0)) for p in range(parts)]
[t.start() for t in threads]
[t.join() for t in threads]
wall = time.monotonic() - t0
busy_cpu = cpu_seconds() - cpu0

# The floor: the same number of the cheapest request (GET /health), paced alike, for a same-run ratio.
health_latencies = []
def health(part, parts, t0):
    cc = conn()
    for i in range(part, viewers, parts):
        delay = t0 + period * i / viewers - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        cc.request("GET", "/health")
        cc.getresponse().read()
print(f"{viewers} GET /health over {period:.0f} s (floor)...", flush=True)
t1 = time.monotonic() + 0.5
cpu1 = cpu_seconds()
threads = [threading.Thread(target=health, args=(p, 64, t1)) for p in range(64)]
[t.start() for t in threads]
[t.join() for t in threads]
health_wall = time.monotonic() - t1
health_cpu = cpu_seconds() - cpu1

stored = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True).execute("SELECT COUNT(*) FROM attendance_heartbeats").fetchone()[0]
latencies.sort()
result = {
    "viewers": viewers, "period_s": period, "wall_s": round(wall, 1), "errors": len(errors), "stored": stored,
    "server_cpu_s": round(busy_cpu, 2), "idle_cpu_s": round(idle_cpu * wall / idle_wall, 2),
    "core_share_pct": round(100 * busy_cpu / wall, 2),
    "heartbeat_core_share_pct": round(100 * (busy_cpu - idle_cpu * wall / idle_wall) / wall, 2),
    "health_core_share_pct": round(100 * (health_cpu - idle_cpu * health_wall / idle_wall) / health_wall, 2),
    "p50_ms": round(statistics.median(latencies), 1), "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1),
}
print("RESULT " + json.dumps(result), flush=True)
