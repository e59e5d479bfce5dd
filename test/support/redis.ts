import { Redis, type RedisOptions } from "ioredis";

/**
 * The Redis the tests use: REDIS_URL when set (.ci/run exports it; a CI whose Redis runs
 * elsewhere points it there), else the local default. Every test reaches Redis through here.
 */
export const TEST_REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

const url = new URL(TEST_REDIS_URL);

/** Host, port and password of the test Redis (database 0), as a feature connection or createRedisStore takes them. */
export const testRedis: { host: string; port: number; password?: string } = {
  host: url.hostname,
  port: url.port ? Number(url.port) : 6379,
  ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
};

/** A client of the test Redis (for seeding keys a test reads back, and for cleaning up after it). */
export function openTestRedis(options: RedisOptions = {}): Redis {
  return new Redis({ ...testRedis, ...options });
}
