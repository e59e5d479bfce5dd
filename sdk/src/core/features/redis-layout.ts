/**
 * How a feature table is read on Redis (docs/templates.md, "Redis key layout"): with the table's
 * prefix P, the key `P~generation` holds the current generation's infix G, and a row's key K
 * lives at `P` + G + K (no `P~generation`: G is empty, the layout before generations). The
 * console loads tables by it (server/feature-tables/stores/redis-generations.ts); the console's
 * reader and the scoring runtime's read through these scripts, which resolve the pointer and
 * read the row atomically, so a load switching generations never shows to a reader.
 * KEYS[1] is the pointer (under the client's key prefix P), ARGV[1] the prefix P, ARGV[2] the key.
 */
export const GENERATION_POINTER = "~generation";

export const READ_KV = `local g = redis.call('GET', KEYS[1]) or ''
return redis.call('GET', ARGV[1] .. g .. ARGV[2])`;
export const READ_KKV = `local g = redis.call('GET', KEYS[1]) or ''
return redis.call('HGETALL', ARGV[1] .. g .. ARGV[2])`;

/**
 * Many keys in one script, so one round trip and one generation for all of them: ARGV[1] is the
 * prefix P, ARGV[2..] the keys. READ_KV_MANY answers MGET's list (nil where none), one MGET per
 * 1000 keys (Lua's unpack has a stack limit), a key of the wrong type failing as in READ_KV;
 * READ_KKV_MANY a list of HGETALL answers, an empty one where none.
 */
export const READ_KV_MANY = `local g = redis.call('GET', KEYS[1]) or ''
local out = {}
for i = 2, #ARGV, 1000 do
  local ks = {}
  for j = i, math.min(i + 999, #ARGV) do ks[#ks + 1] = ARGV[1] .. g .. ARGV[j] end
  local vs = redis.call('MGET', unpack(ks))
  for k = 1, #ks do
    -- MGET answers none for a key of another type too: GET fails on it, as getKV does.
    out[#out + 1] = vs[k] or redis.call('GET', ks[k])
  end
end
return out`;
export const READ_KKV_MANY = `local g = redis.call('GET', KEYS[1]) or ''
local out = {}
for i = 2, #ARGV do out[#out + 1] = redis.call('HGETALL', ARGV[1] .. g .. ARGV[i]) end
return out`;

/**
 * Single lookups of any tables on one connection, in one script: what a request's features
 * (started together) cost as one round trip and one command. KEYS[i] is lookup i's pointer;
 * ARGV[3i-2] its operator ("v": GET, "h": HGETALL), ARGV[3i-1] its prefix, ARGV[3i] its key.
 * Answers one entry per lookup: GET's value (nil as false), HGETALL's list, or the error of that
 * lookup alone (a key of the wrong type fails its own lookup, not the others').
 */
export const READ_SINGLES = `local out = {}
for i = 1, #KEYS do
  local g = redis.call('GET', KEYS[i]) or ''
  local k = ARGV[3 * i - 1] .. g .. ARGV[3 * i]
  local r
  if ARGV[3 * i - 2] == 'h' then r = redis.pcall('HGETALL', k) else r = redis.pcall('GET', k) end
  if r == nil then r = false end
  out[i] = r
end
return out`;
