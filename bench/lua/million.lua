-- Million-row benchmark (bench/million.sh): one request kind per run, chosen by KIND, against MEETING_ID.
--   summary | waitlisted (list page filtered to the few waiting) | page1 | page20 (keyset cursor) | checkin | signup
-- Check-ins take distinct seeded codes (bench/million-seed.py's code(i)) of confirmed in-person rows, so each is a
-- real first check-in; sign-ups use distinct e-mails.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local report = require("report")
local kind = os.getenv("KIND")
local meeting = os.getenv("MEETING_ID")
local key = os.getenv("API_KEY")
local cursor = os.getenv("CURSOR") or ""
local seeded = tonumber(os.getenv("SEEDED") or "0")
local nonce = os.getenv("RUN_NONCE") or "0"
-- Check-ins start this many of a thread's rows in (the warm-up uses rows the measured run does not reach).
local code_offset = tonumber(os.getenv("CODE_OFFSET") or "0")
local alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
local counter = 0
local tid = 0

-- SIGNUP_MODE=in_person: sign-ups join the seeded meeting's full hall's waiting list (a long queue), online (default) are confirmed.
local signup_mode = os.getenv("SIGNUP_MODE") or "online"

setup = report.setup
init = function(args) tid = report.tid() end

local function code(i)
  local digits = {}
  for _ = 1, 9 do
    local d = i % 32
    table.insert(digits, 1, alphabet:sub(d + 1, d + 1))
    i = math.floor(i / 32)
  end
  return "S" .. table.concat(digits)
end

-- The next confirmed in-person row of this thread not yet checked in: rows 3, 6, 9, ... (in person) not cancelled,
-- not waiting and not checked in by the seed (every 7th); thread 1 takes the even multiples of 3, thread 2 the odd
-- ones, so no code is checked in twice until a thread has used all of its own.
local nexti = nil
local function ticket()
  if nexti == nil or nexti > seeded then nexti = 3 * tid + 6 * code_offset end
  repeat nexti = nexti + 6 until nexti % 50 ~= 0 and nexti % 20000 ~= 0 and nexti % 7 ~= 0
  return code(nexti)
end

request = function()
  counter = counter + 1
  local h = { ["X-Api-Key"] = key, ["Content-Type"] = "application/json" }
  local base = "/meetings/" .. meeting
  if kind == "summary" then return wrk.format("GET", base .. "/registrations/summary", h) end
  if kind == "waitlisted" then return wrk.format("GET", base .. "/registrations?status=waitlisted&limit=50", h) end
  if kind == "page1" then return wrk.format("GET", base .. "/registrations?limit=50", h) end
  if kind == "page20" then return wrk.format("GET", base .. "/registrations?limit=50&cursor=" .. cursor, h) end
  if kind == "checkin" then
    return wrk.format("POST", base .. "/check-ins", h, '{"code":"' .. ticket() .. '"}')
  end
  local body = string.format('{"fullName":"Million %d-%d","email":"million-%s-%d-%d@example.org","hospitalName":"Bench Hospital",' ..
    '"jobTitle":"Attending surgeon","specialty":"Hepatobiliary surgery","mode":"%s"}', tid, counter, nonce, tid, counter, signup_mode)
  return wrk.format("POST", base .. "/registrations", h, body)
end

done = report.done
