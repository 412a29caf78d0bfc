-- Read-only. KEYS[1] the record; ARGV[2] idle ms. returns the fields, or {} when absent or expired
local m, r = record()
if not m then return {} end
return r
