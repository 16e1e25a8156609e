-- S5: S1 revalidated with the ETag S1's page had before the run: every answer is a 304.
wrk.headers['Authorization'] = 'Bearer ' .. bench.token
wrk.path = bench.history .. '/' .. bench.ten_k .. '/messages?limit=50'
wrk.headers['If-None-Match'] = bench.etag
