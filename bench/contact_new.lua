-- contact_new.lua: wrk script for bench/crm: POST /contacts/new with the
-- session cookie and CSRF token from the environment (BENCH_COOKIE,
-- BENCH_CSRF), a different name, email and phone on every request (a
-- repeated phone is a possible duplicate, answered 409, not created).
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local n = 0
local tag = tostring(math.random(100000, 999999))

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
