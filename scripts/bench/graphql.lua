-- wrk script for scripts/bench-graphql.sh: POSTs GraphQL queries to the URL's
-- path, round robin over the files named in $BENCH_QUERIES (colon-separated
-- .graphql files), each thread starting at a different query. A response
-- that is not 200 or carries "errors" counts as a GraphQL error. done() prints
-- one machine-readable line:
--   RESULT requests=… seconds=… rps=… p50_ms=… p90_ms=… p99_ms=… max_ms=… graphql_errors=… socket_errors=… non2xx=…

local function json_string(s)
  s = s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\r", "\\r"):gsub("\n", "\\n"):gsub("\t", "\\t")
  return '"' .. s .. '"'
end

local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

local requests, next_request = {}, 1
errs = 0

function init(args)
  for path in string.gmatch(os.getenv("BENCH_QUERIES") or "", "[^:]+") do
    local f = assert(io.open(path, "rb"))
    local q = f:read("*a")
    f:close()
    local body = '{"query":' .. json_string(q) .. "}"
    requests[#requests + 1] = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
  end
  if #requests == 0 then
    error("BENCH_QUERIES names no query files")
  end
  next_request = ((id or 1) - 1) % #requests + 1
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function response(status, headers, body)
  if status ~= 200 or (body and body:find('"errors"', 1, true)) then
    errs = errs + 1
  end
end

function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do
    e = e + (t:get("errs") or 0)
  end
  local s = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f graphql_errors=%d socket_errors=%d non2xx=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e, s.connect + s.read + s.write + s.timeout, s.status))
end
