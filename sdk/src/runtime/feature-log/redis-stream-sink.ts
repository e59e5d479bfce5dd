import type { Redis, RedisOptions } from "ioredis";
import type { FeatureLogSink } from "./create-feature-logger";

export interface RedisStreamSinkOptions {
  /** The stream's key. */
  key: string;
  /** Entries kept about (XADD MAXLEN ~): Redis trims whole nodes, so a few more may stay. Default 100,000. */
  maxLen?: number;
  /** A client the service already has (not closed by the sink), or options for one of its own. */
  redis?: Redis;
  connection?: RedisOptions;
}

/** The field of each stream entry that holds the JSON line. */
export const FEATURE_LOG_STREAM_FIELD = "record";

/**
 * A bounded Redis stream: one entry per line (`record` = the JSON line), XADD MAXLEN ~ maxLen,
 * a batch in one pipeline. ioredis is an optional peer dependency, loaded at the first write. Its
 * own client gives up on a command after 10 s (a Redis that hangs fills the logger's queue, which
 * then drops, instead of holding lines forever).
 */
export function redisStreamFeatureLogSink(opts: RedisStreamSinkOptions): FeatureLogSink {
  const maxLen = Math.max(1, Math.floor(opts.maxLen ?? 100_000));
  let own: Promise<Redis> | undefined;
  const client = (): Promise<Redis> => {
    if (opts.redis) return Promise.resolve(opts.redis);
    own ??= import("ioredis").then(({ Redis: RedisClient }) => new RedisClient({ maxRetriesPerRequest: 1, commandTimeout: 10_000, ...opts.connection }));
    return own;
  };

  return {
    async write(lines) {
      const redis = await client();
      const pipeline = redis.pipeline();
      for (const line of lines) pipeline.xadd(opts.key, "MAXLEN", "~", maxLen, "*", FEATURE_LOG_STREAM_FIELD, line);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([e]) => e);
      if (failed) throw failed[0];
    },
    async close() {
      if (own) await (await own).quit();
    },
  };
}
