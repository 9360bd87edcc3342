-- (b) Sign-up burst: every request a distinct e-mail (thread id, counter, run nonce).
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local report = require("report")
local path = "/meetings/" .. os.getenv("MEETING_ID") .. "/registrations"
local nonce = os.getenv("RUN_NONCE") or "0"
local threads = {}
local counter = 0
local tid = 0

setup = function(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

init = function(args)
  tid = wrk.thread:get("tid") or 0
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"fullName":"Bench Surgeon %d-%d","email":"bench-%s-%d-%d@example.org","hospitalName":"Bench Hospital",' ..
    '"jobTitle":"Attending surgeon","specialty":"Hepatobiliary surgery","mode":"in_person"}',
    tid, counter, nonce, tid, counter)
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

done = report.done
