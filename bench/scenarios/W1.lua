-- W1: the first page (limit=50) of a random one of 2,000 conversations of 100 messages (bench-w1's),
-- the working set that F1, R1, R1n and X1's load read too.
wrk.headers['Authorization'] = 'Bearer ' .. bench.working_set_token
local ids = bench.working_set
local prefix = '/api/' .. bench.working_set_user .. '/conversations/'
request = function()
  return wrk.format(nil, prefix .. ids[math.random(#ids)] .. '/messages?limit=50')
end
