-- S6: a random one of the 100 conversations of 20 messages, whole.
wrk.headers['Authorization'] = 'Bearer ' .. bench.token
local ids = bench.small
local prefix = bench.history .. '/'
request = function()
  return wrk.format(nil, prefix .. ids[math.random(#ids)] .. '/messages')
end
