-- S3: random deep cursors into the 100,000-message conversation, issued by the API before the run.
wrk.headers['Authorization'] = 'Bearer ' .. bench.token
local cursors = bench.cursors
local prefix = bench.history .. '/' .. bench.big .. '/messages?limit=50&cursor='
request = function()
  return wrk.format(nil, prefix .. cursors[math.random(#cursors)])
end
