import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as tablesRoute from "@/app/api/v1/feature-tables/route";
import * as tableRoute from "@/app/api/v1/feature-tables/[table]/route";
import * as lookupRoute from "@/app/api/v1/feature-tables/[table]/lookup/route";
import type { Database } from "@/db/client";
import { featureTables } from "@/db/schema";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { openTestRedis, testRedis } from "@/test/support/redis";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { closeFeatureStores } from "./store-cache";

/**
 * Key prefixes isolate the tables of one Redis database (issue 16, Medium 7), over the API and
 * against the real Redis: what an editor may register on an admin's connection, what a viewer's
 * lookup can reach, and what an error says.
 */
let database: Database;
let viewer: TestPerson;
let editor: TestPerson;
let admin: TestPerson;
const RUN = `sc-prefix-test:${randomUUID()}:`;
const A = `${RUN}a:`;
const B = `${RUN}b:`;
const redis = openTestRedis({ lazyConnect: true });
let connection: { id: string; version: number };

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  [viewer, editor, admin] = [await createPerson(database.db, "viewer"), await createPerson(database.db, "editor"), await createPerson(database.db, "admin")];
  await redis.connect();
});
afterAll(async () => {
  const keys = await redis.keys(`${RUN}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await closeFeatureStores();
  await database?.close();
});

const call = (h: unknown, path: string, opts: CallOptions & { as?: TestPerson } = {}) =>
  callRoute(h as RouteHandler, path, { origin: "http://console.test", cookie: (opts.as ?? editor).cookie, ...opts });
const createTable = (name: string, keyPrefix: string, connectionId = connection.id) =>
  call(tablesRoute.POST, "/api/v1/feature-tables", { method: "POST", body: { name, operator: "getKV", storage: "redis", connectionId, keyPrefix, encoding: "json" } });
const lookup = (table: string, key: string, as = viewer) => call(lookupRoute.GET, "/", { as, params: { table }, query: { key } });
const error = (r: { json: { error?: { message: string } } }) => r.json.error!.message;

describe("Redis key prefixes", () => {
  it("an admin declares a connection's prefixes; with none, no table can be put on it", async () => {
    const bare = await call(connectionsRoute.POST, "/", { method: "POST", as: admin, body: { name: "bare-redis", ...testRedis } });
    expect(bare.json).toMatchObject({ keyPrefixes: [] });
    const refused = await createTable("on_bare", `${A}x:`, bare.json.id as string);
    expect(refused.status).toBe(422);
    expect(error(refused)).toMatch(/"bare-redis" allows no key prefix yet: an admin must declare/);

    expect((await call(connectionsRoute.POST, "/", { method: "POST", as: admin, body: { name: "bad-redis", ...testRedis, keyPrefixes: ["fp:*"] } })).status).toBe(400);
    const created = await call(connectionsRoute.POST, "/", { method: "POST", as: admin, body: { name: "shared-redis", ...testRedis, keyPrefixes: [A] } });
    expect(created.json).toMatchObject({ keyPrefixes: [A] });
    connection = { id: created.json.id as string, version: created.json.version as number };
  });

  it("a table's prefix must be non-empty and inside one the connection allows: 422 naming them", async () => {
    const empty = await createTable("t_empty", "");
    expect(empty.status).toBe(422);
    expect(error(empty)).toBe(`A Redis table needs a key prefix: on connection "shared-redis" it must start with one of "${A}".`);
    expect(empty.json.error).toMatchObject({ details: { field: "keyPrefix", allowed: [A] } });
    const outside = await createTable("t_outside", `${B}user:`);
    expect(outside.status).toBe(422);
    expect(error(outside)).toBe(`The key prefix "${B}user:" is not allowed: on connection "shared-redis" it must start with one of "${A}".`);
    expect((await createTable("user_t", `${A}user:`)).status).toBe(201);
  });

  it("two tables' prefixes must not overlap on one connection (one a prefix of the other), on create and on edit", async () => {
    for (const clash of [A, `${A}user:1:`, `${A}use`]) {
      const r = await createTable("t_clash", clash);
      expect(r.status, clash).toBe(422);
      expect(error(r)).toMatch(/overlaps table user_t's/);
    }
    const goods = await createTable("goods_t", `${A}goods:`);
    expect(goods.status).toBe(201);
    const edit = await call(tableRoute.PUT, "/", {
      method: "PUT",
      params: { table: "goods_t" },
      body: { operator: "getKV", storage: "redis", connectionId: connection.id, keyPrefix: `${A}user:x:`, encoding: "json", version: goods.json.version },
    });
    expect(edit.status).toBe(422);
    expect(error(edit)).toMatch(/overlaps table user_t's/);
  });

  it("a lookup reaches only the table's own keys, and an error never shows a stored value", async () => {
    await redis.set(`${A}user:1`, JSON.stringify({ age: 30 }));
    await redis.set(`${A}goods:1`, JSON.stringify({ price: "goods-only" }));
    await redis.set(`${B}secret`, JSON.stringify("outside-every-table"));
    await redis.set(`${A}user:broken`, "top-secret-value {");
    expect((await lookup("user_t", "1")).json).toMatchObject({ found: true, value: { age: 30 } });
    // However the key is written, it is read under the table's prefix only.
    for (const key of ["goods:1", `${A}goods:1`, `../goods:1`, `${B}secret`, "*"]) {
      expect((await lookup("user_t", key)).json, key).toMatchObject({ found: false, value: null });
    }
    const broken = await lookup("user_t", "broken");
    expect(broken.status).toBe(502);
    expect(error(broken)).toBe('Feature table "user_t", key "broken": the stored value is not JSON');
    expect(JSON.stringify(broken.json)).not.toContain("top-secret");
  });

  it("an admin cannot narrow the prefixes under a table; a table from before prefixes (empty) is shut until moved inside", async () => {
    const narrowed = await call(connectionRoute.PUT, "/", { method: "PUT", as: admin, params: { id: connection.id }, body: { ...testRedis, keyPrefixes: [B], version: connection.version } });
    expect(narrowed.status).toBe(422);
    expect(error(narrowed)).toMatch(/user_t .* would fall outside/);
    const widened = await call(connectionRoute.PUT, "/", { method: "PUT", as: admin, params: { id: connection.id }, body: { ...testRedis, keyPrefixes: [A, B], version: connection.version } });
    expect(widened.json).toMatchObject({ keyPrefixes: [A, B] });
    // Kept when an edit leaves them out.
    const kept = await call(connectionRoute.PUT, "/", { method: "PUT", as: admin, params: { id: connection.id }, body: { ...testRedis, version: widened.json.version } });
    expect(kept.json).toMatchObject({ keyPrefixes: [A, B] });

    await database.db.insert(featureTables).values({ name: "legacy_t", operator: "getKV", storage: "redis", connectionId: connection.id, keyPrefix: "", encoding: "json", updatedBy: "before" });
    const legacy = await lookup("legacy_t", `${B}secret`);
    expect(legacy.status).toBe(422);
    expect(error(legacy)).toMatch(/legacy_t" has the key prefix "", outside those connection "shared-redis" allows/);
    expect(JSON.stringify(legacy.json)).not.toContain("outside-every-table");
  });
});
