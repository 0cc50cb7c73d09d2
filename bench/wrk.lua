-- wrk script of bench/run.sh. Environment:
--   BENCH_METHOD, BENCH_PATH  the request line
--   BENCH_KIND                get (one static request), trigger or subscriber (a new body per request)
--   BENCH_KEY                 the API key (Authorization: ApiKey KEY)
--   BENCH_RUN                 a tag that keeps subscriberIds of different runs apart
--   BENCH_STOP_AFTER          stop after that many answers (0: run for -d)
-- done() prints one tab-separated line: BENCH rps p50ms p99ms requests non2xx socketErrors.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local kind = os.getenv("BENCH_KIND") or "get"
local key = os.getenv("BENCH_KEY") or ""
local run = os.getenv("BENCH_RUN") or "r"
local stopAfter = tonumber(os.getenv("BENCH_STOP_AFTER") or "0")

local headers = { ["Authorization"] = "ApiKey " .. key }
if kind ~= "get" then
  headers["Content-Type"] = "application/json"
end

wrk.method = method
wrk.path = path
wrk.headers = headers

local n = 0
if kind == "trigger" then
  request = function()
    n = n + 1
    local body = string.format('{"name":"bench-order","to":"bench-sub-%d","payload":{"orderId":"A-%d"}}', n % 100 + 1, n)
    return wrk.format(method, path, headers, body)
  end
elseif kind == "subscriber" then
  request = function()
    n = n + 1
    local body = string.format('{"subscriberId":"load-%s-%d","email":"load%d@example.com","firstName":"Grace","lastName":"Hopper","locale":"en-US","data":{"plan":"pro"}}', run, n, n)
    return wrk.format(method, path, headers, body)
  end
end

if stopAfter > 0 then
  local answers = 0
  response = function(status, hdrs, body)
    answers = answers + 1
    if answers >= stopAfter then
      wrk.thread:stop()
    end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH\t%.1f\t%.3f\t%.3f\t%d\t%d\t%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
