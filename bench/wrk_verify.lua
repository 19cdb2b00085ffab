-- wrk script for POST /api/certs/verify: each connection thread takes its own share of single-use
-- codes from the file given after `--` (args: codes file, thread count, API key).
local threads = {}
local codes = {}
local next_index = 0
local step = 1
local key = ""

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do table.insert(codes, line) end
  step = tonumber(args[2])
  key = args[3]
  next_index = tid
end

function request()
  local code = codes[next_index % #codes + 1]
  next_index = next_index + step
  return wrk.format("POST", "/api/certs/verify",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key},
    '{"code":"' .. code .. '","purpose":"压力测试"}')
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.2f, "errors": %d, "non_2xx": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "rps": %.1f}\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
