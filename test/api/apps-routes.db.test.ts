import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { listAudit } from "@/server/audit/list-audit";
import { listApps } from "@/server/apps/list-apps";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as appRoute from "@/app/api/v1/apps/[app]/route";
import { callRoute } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

let database: Database;
let editor: TestPerson;
const valid = { name: "favpush", bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] };

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
});
afterAll(async () => database?.close());

async function snapshot() {
  return { apps: await listApps(database.db), audit: (await listAudit(database.db, { limit: 200 })).entries.length };
}

describe("apps API", () => {
  it("creates an app over the route (201)", async () => {
    const res = await callRoute(appsRoute.POST, "/api/v1/apps", { method: "POST", cookie: editor.cookie, origin: "http://console.test", body: valid });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "favpush", version: 1 });
  });

  it.each([
    ["malformed JSON", { rawBody: "{not json", headers: { "content-type": "application/json" } }, 400, /not valid JSON/],
    ["not an object", { body: [1, 2] }, 400, /Invalid body/],
    ["unknown bucket count type", { body: { ...valid, name: "x2", bucketCount: "ten" } }, 400, /bucketCount/],
    ["duplicate name", { body: valid }, 409, /already exists/],
    ["an item field named like an origin field", { body: { ...valid, name: "x3", itemFields: [{ name: "uid", type: "int" }] } }, 400, /"itemFields\.0\.name": "uid" is an origin field/],
    ["an item field declared twice", { body: { ...valid, name: "x4", itemFields: [{ name: "sku", type: "int" }, { name: "sku", type: "int" }] } }, 400, /"itemFields\.1\.name": Item field "sku" is declared twice/],
    ["cross-site form post", { rawBody: "name=evil", origin: "http://evil.test", headers: { "content-type": "application/x-www-form-urlencoded" } }, 403, /Cross-site/],
  ] as const)("refuses %s with a clear error and changes nothing", async (_, opts, status, message) => {
    const before = await snapshot();
    const res = await callRoute(appsRoute.POST, "/api/v1/apps", { method: "POST", cookie: editor.cookie, ...opts });
    expect(res.status).toBe(status);
    expect(res.json.error?.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it("answers a stale update with 409 and the current app, and changes nothing", async () => {
    const ok = await callRoute(appRoute.PUT, "/api/v1/apps/favpush", { method: "PUT", cookie: editor.cookie, params: { app: "favpush" }, body: { ...valid, bucketCount: 20, version: 1 } });
    expect(ok.status).toBe(200);
    const before = await snapshot();
    const stale = await callRoute(appRoute.PUT, "/api/v1/apps/favpush", { method: "PUT", cookie: editor.cookie, params: { app: "favpush" }, body: { ...valid, bucketCount: 30, version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: "conflict", details: { current: { version: 2, bucketCount: 20 } } });
    expect(await snapshot()).toEqual(before);
  });

  it("updates item fields over the route; a clash or a duplicate is a 400 naming it and changes nothing", async () => {
    const created = await callRoute(appsRoute.POST, "/api/v1/apps", { method: "POST", cookie: editor.cookie, origin: "http://console.test", body: { ...valid, name: "batchy" } });
    const current = created.json as { version: number; itemFields: unknown[] };
    expect(current.itemFields).toEqual([]);
    const put = (itemFields: unknown) =>
      callRoute(appRoute.PUT, "/api/v1/apps/batchy", { method: "PUT", cookie: editor.cookie, origin: "http://console.test", params: { app: "batchy" }, body: { ...valid, itemFields, version: current.version } });
    for (const [itemFields, message] of [
      [[{ name: "uid", type: "string" }], /"itemFields\.0\.name": "uid" is an origin field/],
      [[{ name: "goods_id", type: "int" }, { name: "goods_id", type: "string" }], /"itemFields\.1\.name": Item field "goods_id" is declared twice/],
    ] as const) {
      const before = await snapshot();
      const res = await put(itemFields);
      expect(res.status).toBe(400);
      expect(res.json.error?.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    }
    const ok = await put([{ name: "goods_id", type: "int" }]);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ version: current.version + 1, itemFields: [{ name: "goods_id", type: "int" }] });
    const got = await callRoute(appRoute.GET, "/api/v1/apps/batchy", { cookie: editor.cookie, params: { app: "batchy" } });
    expect(got.json).toMatchObject({ itemFields: [{ name: "goods_id", type: "int" }] });
  });

  it("404s an unknown app and 400s a malformed app name", async () => {
    expect((await callRoute(appRoute.GET, "/api/v1/apps/nope", { cookie: editor.cookie, params: { app: "nope" } })).status).toBe(404);
    const bad = await callRoute(appRoute.GET, "/api/v1/apps/BAD!", { cookie: editor.cookie, params: { app: "BAD!" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/path field "app"/);
  });

  it("hides internals of unexpected errors", async () => {
    await database.close();
    try {
      const res = await callRoute(appsRoute.GET, "/api/v1/apps", { cookie: editor.cookie });
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.json)).not.toMatch(/at |\.ts|stack/);
    } finally {
      database = await createTestDatabase();
      installAsProcessDatabase(database);
    }
  });
});
