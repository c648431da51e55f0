-- contact_new.lua: wrk script for bench/crm: POST /contacts/new with the
-- session cookie and CSRF token from the environment (BENCH_COOKIE,
-- BENCH_CSRF), a different name, email and phone on every request (a
-- repeated phone is a possible duplicate, answered 409, not created).
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local n = 0
local threads = 0
local tag

-- Each wrk thread has its own Lua state with the same unseeded random
-- numbers: number the threads, or two threads write the same contacts
-- (and every second one is a possible duplicate, 409).
setup = function(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

init = function()
	math.randomseed(os.time() * 100 + tid)
	tag = tostring(tid) .. tostring(math.random(10000, 99999))
end

request = function()
	n = n + 1
	local body = "csrf=" .. csrf .. "&first_name=Bench&last_name=Writer" .. tag .. "x" .. n ..
		"&email=bench." .. tag .. "." .. n .. "%40example.ch&phone=%2B41+79+" ..
		string.format("%07d", (tonumber(tag) * 1000 + n) % 10000000) ..
		"&address=&birth_date="
	return wrk.format("POST", "/contacts/new", {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["Cookie"] = cookie,
	}, body)
end
