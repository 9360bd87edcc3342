-- A burst of BURST sign-ups (default 10,000) split over the wrk threads: each thread stops once its share has been
-- answered. wrk itself keeps its clock running until -d, so the burst's own wall time is measured here (first
-- request sent to last answer received, over all threads, CLOCK_MONOTONIC through LuaJIT's FFI).
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local path = "/meetings/" .. os.getenv("MEETING_ID") .. "/registrations"
local nonce = os.getenv("RUN_NONCE") or "0"
local burst = tonumber(os.getenv("BURST") or "10000")
local threads = {}
local counter, answered, created, quota, first, last = 0, 0, 0, 0, nil, nil

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

-- wrk runs a thread's init before the next thread's setup, so the thread count is not known in init: the share is
-- worked out at the first answer (every thread exists by then; THREADS, default 2, must match wrk -t).
local function share()
  local tid, n = wrk.thread:get("tid"), tonumber(os.getenv("THREADS") or "2")
  local q = math.floor(burst / n)
  if tid == n then q = burst - q * (n - 1) end
  return q
end

function request()
  counter = counter + 1
  if first == nil then first = now() end
  local tid = wrk.thread:get("tid")
  local body = string.format(
    '{"fullName":"Burst Surgeon %d-%d","email":"burst-%s-%d-%d@example.org","hospitalName":"Bench Hospital",' ..
    '"jobTitle":"Attending surgeon","specialty":"Hepatobiliary surgery","mode":"in_person"}',
    tid, counter, nonce, tid, counter)
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if quota == 0 then quota = share() end
  answered = answered + 1
  if status == 201 then created = created + 1 end
  -- Kept up to date on every answer, so a burst cut short by -d still reports what it did (complete=0).
  last = now()
  wrk.thread:set("first", first)
  wrk.thread:set("last", last)
  wrk.thread:set("answered", answered)
  wrk.thread:set("created", created)
  if answered == quota then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local t0, t1, n, ok = math.huge, 0, 0, 0
  for _, t in ipairs(threads) do
    local f, l = t:get("first"), t:get("last")
    if f ~= nil and f < t0 then t0 = f end
    if l ~= nil and l > t1 then t1 = l end
    n = n + (t:get("answered") or 0)
    ok = ok + (t:get("created") or 0)
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT complete=%d answered=%d created=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f socket_errors=%d\n",
    (n >= burst) and 1 or 0, n, ok, t1 - t0, n / (t1 - t0), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
