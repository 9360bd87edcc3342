-- The floor's sign-up (../shared/floor: the least code doing the same job), with signup.lua's load and RESULT line,
-- so run.sh can put the product's sign-ups beside it in one run. The floor's body names: name, email, mode, hospital.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local report = require("report")
local nonce = os.getenv("RUN_NONCE") or "0"
local counter = 0
local tid = 0

setup = report.setup

init = function(args)
  tid = report.tid()
end

request = function()
  counter = counter + 1
  local body = string.format('{"name":"Bench Surgeon %d-%d","email":"bench-%s-%d-%d@example.org","mode":"in_person","hospital":"Bench Hospital"}',
    tid, counter, nonce, tid, counter)
  return wrk.format("POST", "/meetings/1/registrations", { ["Content-Type"] = "application/json" }, body)
end

done = report.done
