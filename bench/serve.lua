-- wrk script for scripts/bench-serve: every request is a search for the next query of the file
-- given after `--` (one query a line), as the page asks for it; done() prints one JSON line.
local queries = {}
local next_query = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      queries[#queries + 1] = line
    end
  end
  next_query = math.random(#queries) -- each wrk thread starts at its own place in the list
end

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function request()
  next_query = next_query % #queries + 1
  return wrk.format("GET", "/api/search?q=" .. encode(queries[next_query]))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.status, e.timeout))
end
