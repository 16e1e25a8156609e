-- S7: chat turns with the builtin agent, each a new conversation, alternately adding a task and listing
-- them, spread over 50 users (bench-chat-1 .. 50). S11 runs the same turns streamed: it sets bench.accept
-- to text/event-stream.
local tokens = bench.chat_tokens
local accept = bench.accept
local bodies = { '{"conversation_id":null,"message":"add a task to water the plants"}', '{"conversation_id":null,"message":"list my tasks"}' }
local n = 0
request = function()
  n = n + 1
  local user = (n % #tokens) + 1
  local headers = { ['Authorization'] = 'Bearer ' .. tokens[user], ['Content-Type'] = 'application/json', ['Accept'] = accept }
  return wrk.format('POST', '/api/bench-chat-' .. user .. '/chat', headers, bodies[(n % 2) + 1])
end
