-- S4: the newest page (order=desc) of the 100,000-message conversation.
wrk.headers['Authorization'] = 'Bearer ' .. bench.token
wrk.path = bench.history .. '/' .. bench.big .. '/messages?limit=50&order=desc'
