import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { favpushApp } from "@/db/seed/favpush";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as connectionHealthRoute from "@/app/api/v1/connections/[id]/health/route";
import * as tablesRoute from "@/app/api/v1/feature-tables/route";
import * as tableRoute from "@/app/api/v1/feature-tables/[table]/route";
import * as healthRoute from "@/app/api/v1/feature-tables/[table]/health/route";
import * as lookupRoute from "@/app/api/v1/feature-tables/[table]/lookup/route";
import * as rowsRoute from "@/app/api/v1/feature-tables/[table]/rows/route";
import * as checkRoute from "@/app/api/v1/templates/check/route";
import type { Database } from "@/db/client";
import { featureConnections } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { openTestRedis, testRedis } from "@/test/support/redis";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { closeFeatureStores } from "./store-cache";

let database: Database;
let editor: TestPerson;
let admin: TestPerson;
const PREFIX = `ft-test:${process.pid}:${Date.now()}:`;
const ORIGIN = "http://console.test";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
  admin = await createPerson(database.db, "admin");
  await createApp(database.db, {
    actor: SYSTEM,
    input: favpushApp(),
  });
});
afterAll(async () => {
  const redis = openTestRedis({ lazyConnect: true });
  await redis.connect();
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await closeFeatureStores();
  await database?.close();
});

const call = (h: unknown, path: string, opts: CallOptions & { as?: TestPerson } = {}) =>
  callRoute(h as RouteHandler, path, { origin: ORIGIN, cookie: (opts.as ?? editor).cookie, ...opts });
const createTable = (body: Record<string, unknown>) => call(tablesRoute.POST, "/api/v1/feature-tables", { method: "POST", body });
const load = (table: string, format: "csv" | "jsonl", text: string, headers?: Record<string, string>) =>
  call(rowsRoute.POST, `/api/v1/feature-tables/${table}/rows`, { method: "POST", params: { table }, body: { format, text }, ...(headers ? { headers } : {}) });
const lookup = (table: string, key: string) => call(lookupRoute.GET, `/api/v1/feature-tables/${table}/lookup`, { params: { table }, query: { key } });
const keysOf = async (table: string) => (await call(tableRoute.GET, `/api/v1/feature-tables/${table}`, { params: { table } })).json.keys;

describe("built-in tables over the API", () => {
  it("registers a table and refuses the same name twice", async () => {
    const body = { name: "user_tbl", operator: "getKV", storage: "builtin", encoding: "float_vector", keyDescription: "{uid}|{version:v}", owner: "features" };
    expect((await createTable(body)).status).toBe(201);
    expect(await createTable(body)).toMatchObject({ status: 409 });
    expect(await createTable({ ...body, name: "r", storage: "redis" })).toMatchObject({ status: 400, json: { error: { message: expect.stringMatching(/connection/) } } });
  });

  it("loads nothing from a file with bad lines and lists each by line number", async () => {
    const csv = ["key,value", "1|v1,\"0.1,0.2\"", "2|v1,not-a-number", "3|v1", "1|v1,\"0.5,0.5\""].join("\n");
    const res = await load("user_tbl", "csv", csv);
    expect(res.status).toBe(422);
    expect((res.json.error!.details as { errors: { line: number }[] }).errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(await keysOf("user_tbl")).toBe(0);
    expect((await lookup("user_tbl", "1|v1")).json).toMatchObject({ found: false, value: null });
  });

  it("streams progress while loading a good file, then finds the rows", async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ key: `${i}|v1`, value: [i, i / 2] }));
    const res = await load("user_tbl", "jsonl", lines.join("\n"), { accept: "application/x-ndjson" });
    expect(res.status).toBe(200);
    const events = String(res.json).trim().split("\n").map((l) => JSON.parse(l) as { type: string; done?: number; total?: number });
    expect(events[0]).toEqual({ type: "progress", done: 0, total: 1200 });
    // Batches are per storage and database (PGlite's are smaller): progress rises to the total.
    const progress = events.filter((e) => e.type === "progress").map((e) => e.done!);
    expect(progress.at(-1)).toBe(1200);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ type: "done", result: { table: "user_tbl", rows: 1200, keys: 1200 } });
    expect((await lookup("user_tbl", "7|v1")).json).toMatchObject({ operator: "getKV", found: true, value: [7, 3.5] });
    expect(await keysOf("user_tbl")).toBe(1200);
    expect((await call(healthRoute.GET, "/api/v1/feature-tables/user_tbl/health", { params: { table: "user_tbl" } })).json).toMatchObject({ ok: true });
  });

  it("checks templates against the registry, each error at its columns", async () => {
    const res = await call(checkRoute.POST, "/api/v1/templates/check", {
      method: "POST",
      body: { app: "favpush", features: { good: "getKV user_tbl {uid}|x", bad: "getKKV user_tbl {uidd}", typo: "getKV usr_tbl {uid}" } },
    });
    expect(res.status).toBe(200);
    const features = res.json.features as Record<string, { errors: { code: string; start: number; end: number }[] }>;
    expect(res.json.ok).toBe(false);
    expect(features.good!.errors).toEqual([]);
    expect(features.bad!.errors.map((e) => [e.code, e.start, e.end])).toEqual([
      ["operator_not_served", 1, 7],
      ["unknown_field", 18, 22],
    ]);
    expect(features.typo!.errors).toMatchObject([{ code: "unknown_table", start: 7, end: 14, suggestion: "user_tbl" }]);
  });
});

describe("connections and Redis tables", () => {
  let connectionId: string;

  it("keeps a connection's password encrypted and never sends it back", async () => {
    const secret = "s3cret-never-shown";
    const res = await call(connectionsRoute.POST, "/api/v1/connections", {
      method: "POST",
      as: admin,
      body: { name: "locked-redis", ...testRedis, password: secret },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ hasPassword: true });
    expect(JSON.stringify(res.json)).not.toContain(secret);
    const list = await call(connectionsRoute.GET, "/api/v1/connections", { as: editor });
    expect(JSON.stringify(list.json)).not.toContain(secret);
    const [row] = await database.db.select().from(featureConnections).where(eq(featureConnections.name, "locked-redis"));
    expect(row!.passwordCipher).toBeTruthy();
    expect(row!.passwordCipher).not.toContain(secret);
    // An editor may read connections but not change them.
    const id = res.json.id as string;
    expect((await call(connectionRoute.DELETE, `/api/v1/connections/${id}`, { method: "DELETE", params: { id } })).status).toBe(403);
  });

  it("serves getKKV from a Redis hash behind a connection, with the key prefix", async () => {
    const conn = await call(connectionsRoute.POST, "/api/v1/connections", { method: "POST", as: admin, body: { name: "local-redis", ...testRedis, keyPrefixes: [PREFIX] } });
    expect(conn.status).toBe(201);
    connectionId = conn.json.id as string;
    expect((await call(connectionHealthRoute.GET, `/api/v1/connections/${connectionId}/health`, { params: { id: connectionId } })).json).toMatchObject({ ok: true });

    const created = await createTable({ name: "graph_cf_tbl", operator: "getKKV", storage: "redis", connectionId, keyPrefix: PREFIX, encoding: "json" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ keys: null, connection: { id: connectionId, name: "local-redis" } });

    const bad = await load("graph_cf_tbl", "jsonl", [JSON.stringify({ key: "234|123|5", fields: { score: 0.5 } }), "{oops"].join("\n"));
    expect(bad.status).toBe(422);
    expect((await lookup("graph_cf_tbl", "234|123|5")).json).toMatchObject({ found: false });

    const ok = await load("graph_cf_tbl", "csv", ["key,field,value", "234|123|5,score,0.5", "234|123|5,co_clicks,12"].join("\n"));
    expect(ok).toMatchObject({ status: 200, json: { rows: 2, keys: 1 } });
    expect((await lookup("graph_cf_tbl", "234|123|5")).json).toMatchObject({ operator: "getKKV", found: true, value: { score: 0.5, co_clicks: 12 } });

    const redis = openTestRedis({ lazyConnect: true });
    await redis.connect();
    // The layout scoring services read (docs/templates.md, "Redis key layout"): the pointer names the generation.
    const generation = await redis.get(`${PREFIX}~generation`);
    expect(generation).toMatch(/^~[0-9a-z]+~:$/);
    expect(await redis.type(`${PREFIX}${generation}234|123|5`)).toBe("hash");
    expect(await redis.hgetall(`${PREFIX}${generation}234|123|5`)).toEqual({ score: "0.5", co_clicks: "12" });
    await redis.quit();
  });

  it("refuses to remove a connection a table uses, naming the table", async () => {
    const res = await call(connectionRoute.DELETE, `/api/v1/connections/${connectionId}`, { method: "DELETE", as: admin, params: { id: connectionId } });
    expect(res.status).toBe(409);
    expect(res.json.error!.message).toContain("graph_cf_tbl");
  });
});
