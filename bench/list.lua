-- wrk script: an agent's ticket lists with filters, text search and a second
-- page. TOKEN and CURSOR come from the environment.
local token = os.getenv("TOKEN")
local cursor = os.getenv("CURSOR") or "50000"
local paths = {
  "/api/v1/tickets?limit=50",
  "/api/v1/tickets?status=open&limit=50",
  "/api/v1/tickets?tenant=MOS&status=new&limit=50",
  "/api/v1/tickets?q=padron&limit=50",
  "/api/v1/tickets?q=recibo+ibi&status=resolved&limit=50",
  "/api/v1/tickets?channel=phone&priority=high&limit=50",
  "/api/v1/tickets?limit=50&cursor=" .. cursor,
  "/api/v1/tickets?assignee=none&limit=50",
}
local i = 0

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Authorization"] = "Bearer " .. token})
end

function done(summary, latency, requests)
  io.write(string.format("BENCH non2xx=%d errors=%d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
