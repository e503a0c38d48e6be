-- wrk script: every request submits a new, valid 25-minute Game session with a fresh UUID.
local token = os.getenv("POMO_TOKEN")
local counter = 0

local function uuid()
  local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (template:gsub("[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed + os.time())
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"start_time":"2025-08-23T14:30:00Z","end_time":"2025-08-23T14:55:00Z","duration":25,' ..
    '"category":"Benchmark","project":"Load","note":"wrk %d","source":"mac_app","session_id":"%s"}',
    counter, uuid())
  return wrk.format("POST", "/api/pomodoro/submit", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
