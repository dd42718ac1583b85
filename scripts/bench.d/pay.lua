-- POST /orders/{id}/pay: args[1] is a file of "token order_id" lines, each an unpaid order of
-- that token's user. Thread t pays lines t, t + nthreads, ... so no order is paid twice;
-- args[2] (optional) lists per thread how many of its lines an earlier run (the warm-up)
-- already sent, as wrk printed them in `consumed`. An order can be paid once only: when a
-- thread runs out it sends GET / instead and counts `exhausted`, which bench.py reports as a
-- failed run (it tops the orders up beforehand).
package.path = os.getenv("ECOM_BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done

local requests = {}
local fallback
exhausted = 0
consumed = 0

function init(args)
    for number, line in ipairs(common.lines(args[1])) do
        if (number - 1) % nthreads == tid then
            local fields = common.fields(line)
            requests[#requests + 1] = wrk.format("POST", "/orders/" .. fields[2] .. "/pay", {
                ["Authorization"] = "Bearer " .. fields[1],
            })
        end
    end
    fallback = wrk.format("GET", "/")
    if args[2] then
        local counts = string.gsub(args[2], ",", " ")
        consumed = tonumber(common.fields(counts)[tid + 1]) or 0
    end
end

function request()
    if consumed >= #requests then
        exhausted = exhausted + 1
        return fallback
    end
    consumed = consumed + 1
    return requests[consumed]
end
