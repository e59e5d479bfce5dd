import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { favpushApp } from "@/db/seed/favpush";
import * as signInRoute from "@/app/api/v1/auth/sign-in/route";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as appRoute from "@/app/api/v1/apps/[app]/route";
import * as tablesRoute from "@/app/api/v1/feature-tables/route";
import * as tableRoute from "@/app/api/v1/feature-tables/[table]/route";
import * as rowsRoute from "@/app/api/v1/feature-tables/[table]/rows/route";
import type { Database } from "@/db/client";
import { api, bodyLimitOf } from "@/server/contracts/api";
import { BODY_LIMITS } from "@/server/contracts/limits";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { callRoute, type CallOptions, type RouteHandler } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { serveRoutes } from "../support/serve-routes";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

let database: Database;
let editor: TestPerson;
let served: Awaited<ReturnType<typeof serveRoutes>>;
const ORIGIN = "http://console.test";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
  served = await serveRoutes([
    { method: "POST", pattern: "/api/v1/auth/sign-in", handler: signInRoute.POST as RouteHandler },
    { method: "POST", pattern: "/api/v1/apps", handler: appsRoute.POST as RouteHandler },
  ]);
});
afterAll(async () => {
  await served?.close();
  await closeFeatureStores();
  await database?.close();
});

const call = (h: unknown, path: string, opts: CallOptions = {}) => callRoute(h as RouteHandler, path, { origin: ORIGIN, cookie: editor.cookie, ...opts });

interface RawAnswer {
  status: number;
  json: { error?: { code: string; message: string; details: { limitBytes?: number } } };
}

/**
 * POSTs over real HTTP. `declare` sends that Content-Length (and no body); otherwise the body is
 * sent chunked, without a Content-Length, 64 KiB at a time and without end until the answer
 * comes: only a server that stops reading at its limit ever answers.
 */
function post(path: string, opts: { declare?: number; cookie?: string }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": "application/json", origin: served.url };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.declare !== undefined) headers["content-length"] = opts.declare;
    const req = http.request(`${served.url}${path}`, { method: "POST", headers });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as RawAnswer["json"] });
      });
    });
    // Once answered, the server may close while the client still writes.
    req.on("error", (e) => (answered ? undefined : reject(e)));
    if (opts.declare !== undefined) return void req.flushHeaders();
    const chunk = Buffer.from(`{"pad":"${"x".repeat(64 * 1024)}`);
    const pump = () => {
      while (!answered && req.write(chunk));
      if (!answered) req.once("drain", pump);
    };
    pump();
  });
}

describe("request body limits (413 before parsing)", () => {
  it("gives public routes the small anonymous limit and others the JSON default; uploads say more", () => {
    expect(bodyLimitOf(api.signIn)).toBe(BODY_LIMITS.anonymous);
    expect(bodyLimitOf(api.updateApp)).toBe(BODY_LIMITS.json);
    expect(bodyLimitOf(api.loadFeatureRows)).toBe(BODY_LIMITS.featureTableLoad);
    expect(bodyLimitOf(api.importSolutions)).toBe(BODY_LIMITS.solutionsImport);
    expect(bodyLimitOf(api.publishFgVersion)).toBe(BODY_LIMITS.fgPackage);
  });

  it("refuses an anonymous sign-in that declares a 400 MB body, without reading it", async () => {
    const res = await post("/api/v1/auth/sign-in", { declare: 400 * 1024 * 1024 });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("16 KiB"), details: { limitBytes: BODY_LIMITS.anonymous } });
  });

  it("stops reading an anonymous sign-in body streamed without Content-Length once it passes the limit", async () => {
    const res = await post("/api/v1/auth/sign-in", {});
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: "payload_too_large", details: { limitBytes: BODY_LIMITS.anonymous } });
  });

  it("stops an endless authenticated body at the JSON default: nothing is created", async () => {
    const res = await post("/api/v1/apps", { cookie: editor.cookie });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("1 MiB"), details: { limitBytes: BODY_LIMITS.json } });
  });

  it("refuses a 2 MB authenticated body that is otherwise valid, and nothing changes", async () => {
    const input = { ...favpushApp(), name: "too_big_app", originFields: [...favpushApp().originFields, ...Array.from({ length: 40_000 }, (_, i) => ({ name: `f${i}`, type: "string" }))] };
    const rawBody = JSON.stringify(input);
    expect(rawBody.length).toBeGreaterThan(BODY_LIMITS.json);
    const res = await call(appsRoute.POST, "/api/v1/apps", { method: "POST", rawBody, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.json.error?.code).toBe("payload_too_large");
    expect((await call(appRoute.GET, "/api/v1/apps/too_big_app", { params: { app: "too_big_app" } })).status).toBe(404);
  });

  it("still accepts a legal upload larger than the JSON default (a 2 MB feature-table load)", async () => {
    const created = await call(tablesRoute.POST, "/api/v1/feature-tables", {
      method: "POST",
      body: { name: "big_tbl", operator: "getKV", storage: "builtin", encoding: "float_vector", keyDescription: "{uid}", owner: "features" },
    });
    expect(created.status).toBe(201);
    const vector = Array.from({ length: 2000 }, (_, i) => (i / 1000).toFixed(3)).join(",");
    const text = ["key,value", ...Array.from({ length: 200 }, (_, i) => `${i},"${vector}"`)].join("\n");
    expect(text.length).toBeGreaterThan(2 * BODY_LIMITS.json);
    const res = await call(rowsRoute.POST, "/api/v1/feature-tables/big_tbl/rows", { method: "POST", params: { table: "big_tbl" }, body: { format: "csv", text } });
    expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(200);
    expect((await call(tableRoute.GET, "/api/v1/feature-tables/big_tbl", { params: { table: "big_tbl" } })).json.keys).toBe(200);
  });
});
