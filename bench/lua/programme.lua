-- (a) Public programme read.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local report = require("report")
local path = "/meetings/" .. os.getenv("MEETING_ID") .. "/programme"

request = function()
  return wrk.format("GET", path)
end

done = report.done
