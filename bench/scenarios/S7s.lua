-- S7s: chat turns against a model that answers after bench.model_delay_ms (bench/SlowModel), over the
-- 200 users bench-s7s-1 .. 200, each turn a new conversation with a plain message (no tool calls).
-- wrk's two threads (-t2) take alternate users, and each cycles through its own 100: with every turn as
-- long as the next, a user has about one turn in flight at a time.
-- The connections' first turns are spread evenly over one model delay (delay() before each
-- connection's first request): started together, 200 turns would reach the database in the same
-- instant every 2 s, and up to ~150 of them waited for a pooled connection; spread, the load is the
-- steady one of 200 users who do not type in step. Latency excludes the delay.
local tokens = bench.slow_tokens
local spread_ms = math.floor(bench.model_delay_ms / bench.connections)
local per_thread = math.ceil(bench.connections / 2)
local threads = 0
setup = function(thread)
  thread:set('slot', threads)
  threads = threads + 1
end
local body = '{"conversation_id":null,"message":"hello there"}'
local firsts = 0
delay = function()
  if firsts >= per_thread then return 0 end
  firsts = firsts + 1
  return ((firsts - 1) * 2 + (slot or 0)) * spread_ms
end
local n = -1
request = function()
  n = n + 1
  local user = ((n * 2 + (slot or 0)) % #tokens) + 1
  local headers = { ['Authorization'] = 'Bearer ' .. tokens[user], ['Content-Type'] = 'application/json' }
  return wrk.format('POST', '/api/bench-s7s-' .. user .. '/chat', headers, body)
end
