import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type Socket } from "node:net";
import { openTestRedis, testRedis } from "@/test/support/redis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStore } from "./redis-store";

const prefix = `sc-test:${randomUUID()}:`;

afterAll(async () => {
  const redis = openTestRedis();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe("redis store errors", () => {
  it("maps connection refused to bad_gateway naming the table, and reports unhealthy", async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const store = createRedisStore({ table: "user_tbl", encoding: "json", connection: { url: "redis://:secret@127.0.0.1:1/0" } });
    try {
      const e = await store.getKV("u1").then(() => undefined, (err: unknown) => err);
      expect(e).toMatchObject({ code: "bad_gateway", status: 502 });
      const message = (e as Error).message;
      expect(message).toContain('"user_tbl"');
      expect(message).toContain("ECONNREFUSED");
      expect(message).not.toContain("secret");
      await expect(store.getKKV("k")).rejects.toMatchObject({ code: "bad_gateway" });
      expect(await store.health()).toMatchObject({ ok: false });
    } finally {
      await store.close();
    }
  });

  it("maps a value the encoding cannot decode, and a wrong Redis type, to bad_gateway", async () => {
    const raw = openTestRedis();
    await raw.set(`${prefix}user_tbl:u1`, "1,abc");
    await raw.hset(`${prefix}user_tbl:h`, { a: "1" });
    await raw.quit();
    const store = createRedisStore({ table: "user_tbl", encoding: "float_vector", connection: { ...testRedis, keyPrefix: `${prefix}user_tbl:` } });
    try {
      await expect(store.getKV("u1")).rejects.toMatchObject({ code: "bad_gateway", message: expect.stringContaining('key "u1"') });
      await expect(store.getKV("h")).rejects.toMatchObject({ code: "bad_gateway", message: expect.stringContaining("WRONGTYPE") });
    } finally {
      await store.close();
    }
  });

  it("gives up on a server that never answers with a timeout error naming the table", async () => {
    // A TCP server that accepts and stays silent: Redis hung, or a wrong port behind a proxy.
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const store = createRedisStore({ table: "slow_tbl", encoding: "json", connection: { host: "127.0.0.1", port }, commandTimeoutMs: 100 });
    try {
      await expect(store.getKV("k")).rejects.toMatchObject({ code: "timeout", status: 504, message: expect.stringContaining('"slow_tbl"') });
    } finally {
      await store.close();
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
