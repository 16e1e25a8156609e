-- S9: a 1,000-message page from the middle of the 10,000-message conversation, uncompressed. S10 asks
-- for it compressed: it sets bench.accept_encoding to br.
wrk.headers['Authorization'] = 'Bearer ' .. bench.token
wrk.path = bench.history .. '/' .. bench.ten_k .. '/messages?limit=1000&offset=5000'
wrk.headers['Accept-Encoding'] = bench.accept_encoding
