-- S8: the conversation list (limit=20, the default).
wrk.headers['Authorization'] = 'Bearer ' .. bench.token
wrk.path = bench.history
