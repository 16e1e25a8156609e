-- S2: random offsets within the last 10% of the 100,000-message conversation.
wrk.headers['Authorization'] = 'Bearer ' .. bench.token
local prefix = bench.history .. '/' .. bench.big .. '/messages?limit=50&offset='
request = function()
  return wrk.format(nil, prefix .. math.random(90000, 99950))
end
