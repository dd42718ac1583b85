-- One fixed request (the URL's path), e.g. GET / or GET /healthz. No request() function, so
-- wrk sends its precomputed request and runs no Lua per request: the cheapest possible load.
package.path = os.getenv("ECOM_BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done
