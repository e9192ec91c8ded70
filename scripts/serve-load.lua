-- wrk script: requests to /api/search cycling through the benchmark's query
-- kinds (a corpus's queries.json, passed as QUERIES="rare|common|...").
--   QUERIES="$(jq -r '[.[]] | join("|")' corpus/queries.json)" \
--     wrk -t2 -c8 -d20s --latency -s scripts/serve-load.lua http://127.0.0.1:7700
local queries = {}
for q in string.gmatch(os.getenv("QUERIES") or "government", "[^|]+") do
  queries[#queries + 1] = q
end
local n = 0
request = function()
  n = n + 1
  local q = queries[(n % #queries) + 1]:gsub(" ", "%%20"):gsub('"', "%%22")
  return wrk.format("GET", "/api/search?q=" .. q)
end
