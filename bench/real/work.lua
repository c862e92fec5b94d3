-- A fixed CPU-bound Lua workload for bench/real.py: tables, strings, closures.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local t = {}
for i = 1, 200000 do t[i] = (i * 7919) % 100003 end
table.sort(t)
local parts = {}
for i = 1, 50000 do parts[#parts + 1] = string.format("%d:%x", i, t[i]) end
local s = table.concat(parts, ",")
local words = 0
for _ in s:gmatch("[^,]+") do words = words + 1 end
local acc = 0
for i = 1, 3000000 do acc = (acc + i * i) % 1000003 end
print(fib(27), t[1], t[#t], #s, words, acc)
