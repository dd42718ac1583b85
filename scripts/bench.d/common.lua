-- Shared by the wrk scenario scripts of scripts/bench: numbers the threads, reads the data
-- files bench.py writes, and prints one machine-readable summary line when wrk finishes.
--
-- A scenario script starts with
--   package.path = os.getenv("ECOM_BENCH_LUA") .. "/?.lua;" .. package.path
--   local common = require("common")
--   setup, done = common.setup, common.done
-- and then reads `tid` (0-based thread number) and `nthreads` in its init(args).

local common = {}
local threads = {}

-- Runs in the main Lua state once per thread, before the threads start.
function common.setup(thread)
    thread:set("tid", #threads)
    thread:set("nthreads", tonumber(os.getenv("ECOM_BENCH_THREADS") or "1"))
    threads[#threads + 1] = thread
end

-- The non-empty lines of `path`.
function common.lines(path)
    local lines = {}
    for line in io.lines(path) do
        if line ~= "" then lines[#lines + 1] = line end
    end
    if #lines == 0 then error("no lines in " .. path) end
    return lines
end

-- Splits `line` at single spaces.
function common.fields(line)
    local fields = {}
    for field in string.gmatch(line, "[^ ]+") do fields[#fields + 1] = field end
    return fields
end

-- The sum of a numeric thread-local global over all threads (0 when unset).
local function total(name)
    local sum = 0
    for _, thread in ipairs(threads) do sum = sum + (tonumber(thread:get(name)) or 0) end
    return sum
end

-- A thread-local global of every thread, comma-separated (0 when unset).
local function each(name)
    local values = {}
    for _, thread in ipairs(threads) do values[#values + 1] = tostring(tonumber(thread:get(name)) or 0) end
    return table.concat(values, ",")
end

-- One line for bench.py: `ECOM_BENCH {json}`; latencies in microseconds.
function common.done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'ECOM_BENCH {"requests":%d,"duration_us":%d,"bytes":%d,'
            .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
            .. '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d},"exhausted":%d,"consumed":[%s]}\n',
        summary.requests, summary.duration, summary.bytes,
        e.connect, e.read, e.write, e.status, e.timeout,
        latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        total("exhausted"), each("consumed")))
end

return common
