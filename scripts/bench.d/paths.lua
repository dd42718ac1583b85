-- GET requests rotating over the paths in a file (args[1]), one path per line: the 50-query
-- listing mix, the product ids, the uncached listing queries. Requests are formatted once in
-- init(); each thread starts at its own share of the list so the threads do not march in step.
package.path = os.getenv("ECOM_BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done

local requests = {}
local index = 0

function init(args)
    for _, path in ipairs(common.lines(args[1])) do requests[#requests + 1] = wrk.format("GET", path) end
    index = math.floor(tid * #requests / nthreads)
end

function request()
    index = index % #requests + 1
    return requests[index]
end
