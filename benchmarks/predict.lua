-- wrk script for benchmarks/serve_wrk.sh: POST the JSON body in $WRK_BODY_FILE (one row for
-- /predict) on every request; adds the bearer token when $EXP_SERVE_TOKEN is set.
local file = assert(io.open(assert(os.getenv("WRK_BODY_FILE"), "WRK_BODY_FILE is not set"), "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("EXP_SERVE_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
