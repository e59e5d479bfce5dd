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
