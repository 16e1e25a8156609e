-- S1: the first page (limit=50) of the 10,000-message conversation.
wrk.headers['Authorization'] = 'Bearer ' .. bench.token
wrk.path = bench.history .. '/' .. bench.ten_k .. '/messages?limit=50'
