-- POST /orders as many users: args[1] is a file of bearer tokens (one per line), args[2] a file
-- of product ids. Request i is placed by token i (mod the number of tokens) and orders two
-- different products, one unit each, walking through the product list; each thread starts at
-- its own offset. 4,096 requests per thread are formatted in init() and then repeated.
package.path = os.getenv("ECOM_BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done

local requests = {}
local index = 0

function init(args)
    local tokens = common.lines(args[1])
    local products = common.lines(args[2])
    local count = 4096
    for i = 0, count - 1 do
        local n = tid * count + i
        local first = products[(2 * n) % #products + 1]
        local second = products[(2 * n + 1) % #products + 1]
        local body = string.format(
            '{"items":[{"product_id":%s,"quantity":1},{"product_id":%s,"quantity":1}]}', first, second)
        requests[#requests + 1] = wrk.format("POST", "/orders", {
            ["Authorization"] = "Bearer " .. tokens[n % #tokens + 1],
            ["Content-Type"] = "application/json",
        }, body)
    end
end

function request()
    index = index % #requests + 1
    return requests[index]
end
