-- Shared by every scenario: prints one machine-readable line that run.sh collects.
local M = {}

function M.done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d status_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.errors.status))
end

-- Numbers each wrk thread so request bodies can carry distinct e-mails (thread id, counter, run nonce).
local threads = {}

function M.setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function M.tid()
  return wrk.thread:get("tid") or 0
end

return M
