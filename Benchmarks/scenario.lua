-- wrk script for Benchmarks/data-bench.sh: one scenario (SCENARIO) spread over many users, each
-- request authenticated by the next token of TOKENS_FILE (lines of "<user id> <JWT>").
--   submit          POST /api/pomodoro/submit, a new session each time
--   startcomplete   POST /api/v1/pomodoro, then POST /api/v1/pomodoro/{id}/complete for it
--   entry           POST /timemagic/api/time_entries
--   list50          GET  /api/v1/pomodoro/history?limit=50
--   history         GET  /api/v1/pomodoro/history?limit=20&from=..&to=.. (a 30-day window)
--   tmlist          GET  /timemagic/api/time_entries (all of the user's entries)
--   report_day|report_project|report_category
--                   GET  /api/v1/reports/summary over the last 90 days
--   userdata        GET  /api/user/data (what the web app reads on every page)
--   lb_all|lb_week  GET  /api/leaderboard?period=all_time|weekly&limit=100
local scenario = os.getenv("SCENARIO")
local tokens = {}
local token_of_user = {}
local next_token = 0
local to_complete = {}
local counter = 0
local today = os.date("!%Y-%m-%d")
local from30 = os.date("!%Y-%m-%d", os.time() - 30 * 86400)
local from90 = os.date("!%Y-%m-%d", os.time() - 90 * 86400)

-- A random version 4 UUID: eight random numbers and one format. (A gsub with a function per
-- character, and a response function for every scenario, had wrk at 39 us of CPU per submit;
-- now 29 us, CPU the server gets on this 2-core machine.)
local function uuid()
  local r = math.random
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x", r(0, 0xffff), r(0, 0xffff), r(0, 0xffff),
    r(0, 0xfff), r(0x8000, 0xbfff), r(0, 0xffff), r(0, 0xffff), r(0, 0xffff))
end

-- Each thread gets its own share of the users (WRK_THREADS: how many threads wrk runs), so two
-- threads never start a session for the same user at once: start+complete would get a 409
-- "already active" there, since a thread only completes the sessions it started.
local slots = 0
function setup(thread)
  thread:set("seed", math.random(1, 1000000))
  thread:set("slot", slots)
  slots = slots + 1
end

function init(args)
  math.randomseed(seed + os.time())
  local threads = tonumber(os.getenv("WRK_THREADS") or "1")
  local all = {}
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    local id, jwt = line:match("^(%d+) (%S+)$")
    all[#all + 1] = jwt
    token_of_user[id] = jwt
  end
  for index, jwt in ipairs(all) do
    if (index - 1) % threads == slot then tokens[#tokens + 1] = jwt end
  end
  -- Fewer users than threads: every thread uses them all.
  if #tokens == 0 then tokens = all end
  next_token = math.random(0, #tokens - 1)
end

local function token()
  next_token = next_token % #tokens + 1
  return tokens[next_token]
end

local function headers(t)
  return { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. t }
end

request = function()
  counter = counter + 1
  if scenario == "submit" then
    local body = string.format(
      '{"start_time":"2025-08-23T14:30:00Z","end_time":"2025-08-23T14:55:00Z","duration":25,' ..
      '"category":"Benchmark","project":"Load","note":"wrk %d","source":"mac_app","session_id":"%s"}',
      counter, uuid())
    return wrk.format("POST", "/api/pomodoro/submit", headers(token()), body)
  elseif scenario == "startcomplete" then
    local pending = table.remove(to_complete, 1)
    if pending then
      return wrk.format("POST", "/api/v1/pomodoro/" .. pending.id .. "/complete", headers(pending.token), "")
    end
    return wrk.format("POST", "/api/v1/pomodoro", headers(token()), '{"session_type":"work","duration_minutes":25}')
  elseif scenario == "entry" then
    local body = string.format(
      '{"time_entry":{"begin_time":"2025-08-23T14:30:00Z","end_time":"2025-08-23T14:55:00Z","comment":"wrk %d"}}',
      counter)
    return wrk.format("POST", "/timemagic/api/time_entries", headers(token()), body)
  elseif scenario == "list50" then
    return wrk.format("GET", "/api/v1/pomodoro/history?limit=50", headers(token()))
  elseif scenario == "history" then
    return wrk.format("GET", "/api/v1/pomodoro/history?limit=20&from=" .. from30 .. "&to=" .. today, headers(token()))
  elseif scenario == "userdata" then
    return wrk.format("GET", "/api/user/data", headers(token()))
  elseif scenario == "lb_all" then
    return wrk.format("GET", "/api/leaderboard?period=all_time&limit=100", headers(token()))
  elseif scenario == "lb_week" then
    return wrk.format("GET", "/api/leaderboard?period=weekly&limit=100", headers(token()))
  elseif scenario == "health" then
    return wrk.format("GET", "/api/health")
  elseif scenario == "tmlist" then
    return wrk.format("GET", "/timemagic/api/time_entries", headers(token()))
  else
    local by = scenario:gsub("^report_", "")
    return wrk.format(
      "GET", "/api/v1/reports/summary?by=" .. by .. "&from=" .. from90 .. "&to=" .. today, headers(token()))
  end
end

-- Only the start+complete scenario reads responses: with a response function defined, wrk
-- hands every response's headers and body to Lua, which costs the loader CPU it takes from
-- the server on a shared machine.
if scenario == "startcomplete" then
  response = function(status, hdrs, body)
    if status == 201 then
      local id = body:match('"id":"(%d+)"')
      local user = body:match('"user_id":"(%d+)"')
      if id and user then
        to_complete[#to_complete + 1] = { id = id, token = token_of_user[user] }
      end
    end
  end
end
