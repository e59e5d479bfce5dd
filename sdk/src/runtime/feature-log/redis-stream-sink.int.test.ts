import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openTestRedis, testRedis } from "@/test/support/redis";
import { createFeatureLogger } from "./create-feature-logger";
import { FEATURE_LOG_STREAM_FIELD, redisStreamFeatureLogSink } from "./redis-stream-sink";

/** Against the real test Redis: XADD with MAXLEN ~, one entry per line, in order. */
const redis = openTestRedis();
const keys: string[] = [];
const streamKey = () => {
  const key = `test:feature-log:${randomUUID()}`;
  keys.push(key);
  return key;
};
afterAll(async () => {
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const entries = async (key: string) => (await redis.xrange(key, "-", "+")).map(([, fields]) => fields);

describe("redisStreamFeatureLogSink", () => {
  it("adds one entry per line, the line in its `record` field, through a logger, on its own connection", async () => {
    const key = streamKey();
    const logger = createFeatureLogger({ sink: redisStreamFeatureLogSink({ key, connection: testRedis }), sampleRate: 1 });
    for (let i = 0; i < 3; i++) {
      logger.maybeLog({
        time: "2026-12-03T10:00:00.000Z",
        app: "favpush",
        request: { app_name: "favpush", origin: { uid: i } },
        release: 4,
        solution: "lr",
        bucket: i,
        fg: { class: "com.x.LRFg", version: "v2" },
        featureMap: { origin: { uid: i }, online: true, log: {} },
        tensorIO: { inputs: [{ name: "x", dtype: "float", shape: [1], values: [i / 3] }], outputs: [{ name: "y" }] },
        outputs: {},
      });
    }
    await logger.close();
    const got = await entries(key);
    expect(got.map((f) => f[0])).toEqual([FEATURE_LOG_STREAM_FIELD, FEATURE_LOG_STREAM_FIELD, FEATURE_LOG_STREAM_FIELD]);
    expect(got.map((f) => JSON.parse(f[1]!).tensorIO.inputs[0].values[0])).toEqual([0, 1 / 3, 2 / 3]);
    expect(logger.stats()).toMatchObject({ written: 3, failed: 0 });
  });

  it("keeps the stream bounded (MAXLEN ~) with a client the service already has, which it leaves open", async () => {
    const key = streamKey();
    const sink = redisStreamFeatureLogSink({ key, redis, maxLen: 10 });
    for (let i = 0; i < 30; i++) await sink.write(Array.from({ length: 100 }, (_, j) => `{"n":${i * 100 + j}}`));
    await sink.close?.();
    const length = await redis.xlen(key);
    // Approximate trimming removes whole nodes (100 entries each by default): far below 3000, at least 10.
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(300);
    const last = await redis.xrevrange(key, "+", "-", "COUNT", 1);
    expect(last[0]![1]).toEqual([FEATURE_LOG_STREAM_FIELD, '{"n":2999}']);
    expect(await redis.ping()).toBe("PONG");
  });

  it("a failed XADD fails the write (the logger counts it)", async () => {
    const key = streamKey();
    await redis.set(key, "not a stream");
    await expect(redisStreamFeatureLogSink({ key, redis }).write(['{"n":1}'])).rejects.toThrow(/WRONGTYPE/);
  });
});
