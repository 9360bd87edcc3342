-- (c) Mixed: 90% programme reads, 10% sign-ups with distinct e-mails.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local report = require("report")
local meeting = os.getenv("MEETING_ID")
local nonce = os.getenv("RUN_NONCE") or "0"
local counter = 0
local tid = 0

setup = report.setup

init = function(args)
  tid = report.tid()
end

request = function()
  counter = counter + 1
  if counter % 10 == 0 then
    local body = string.format(
      '{"fullName":"Mixed Surgeon %d-%d","email":"mixed-%s-%d-%d@example.org","hospitalName":"Bench Hospital",' ..
      '"jobTitle":"Attending surgeon","specialty":"Hepatobiliary surgery","mode":"online"}',
      tid, counter, nonce, tid, counter)
    return wrk.format("POST", "/meetings/" .. meeting .. "/registrations", { ["Content-Type"] = "application/json" }, body)
  end
  return wrk.format("GET", "/meetings/" .. meeting .. "/programme")
end

done = report.done
