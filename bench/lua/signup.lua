-- (b) Sign-up burst: every request a distinct e-mail (thread id, counter, run nonce).
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local report = require("report")
local path = "/meetings/" .. os.getenv("MEETING_ID") .. "/registrations"
local nonce = os.getenv("RUN_NONCE") or "0"
local counter = 0
local tid = 0

setup = report.setup

init = function(args)
  tid = report.tid()
end

-- SIGNUP_STYLE=floor: the floor's body (../shared/floor: name, email, mode, hospital; MEETING_ID=1), so run.sh can put
-- the product's sign-ups beside the floor's under the same load.
local floor = os.getenv("SIGNUP_STYLE") == "floor"

request = function()
  counter = counter + 1
  local body
  if floor then
    body = string.format('{"name":"Bench Surgeon %d-%d","email":"bench-%s-%d-%d@example.org","mode":"in_person","hospital":"Bench Hospital"}',
      tid, counter, nonce, tid, counter)
  else
    body = string.format(
      '{"fullName":"Bench Surgeon %d-%d","email":"bench-%s-%d-%d@example.org","hospitalName":"Bench Hospital",' ..
      '"jobTitle":"Attending surgeon","specialty":"Hepatobiliary surgery","mode":"in_person"}',
      tid, counter, nonce, tid, counter)
  end
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

done = report.done
