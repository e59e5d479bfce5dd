import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as modelConfRoute from "@/app/api/v1/model-conf/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import type { Database } from "@/db/client";
import { auditLog, models } from "@/db/schema";
import { callRoute, type RouteHandler } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

// Read once by server/env.ts, first inside this file's own module graph (Vitest isolates files).
vi.stubEnv("MODEL_ROOTS", "/srv/models, /data/tfs/");

let database: Database;
let editor: TestPerson;
const ORIGIN = "http://console.test";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await database?.close();
});

const call = (h: unknown, path: string, body: unknown) => callRoute(h as RouteHandler, path, { method: "POST", origin: ORIGIN, cookie: editor.cookie, body });
const createModel = (name: string, basePath: string) => call(modelsRoute.POST, "/api/v1/models", { name, basePath });
const importConf = (text: string) => call(modelConfRoute.POST, "/api/v1/model-conf", { text });
const conf = (...entries: [string, string][]) =>
  `model_config_list {\n${entries.map(([name, base]) => `  config { name: "${name}" base_path: "${base}" model_platform: "tensorflow" }`).join("\n")}\n}\n`;

async function snapshot() {
  return { models: await database.db.select().from(models), audit: await database.db.select().from(auditLog) };
}

describe("model base paths over the API (MODEL_ROOTS=/srv/models,/data/tfs)", () => {
  it.each([
    ["/srv/models/../../etc/ssl", '".." segments'],
    ["/srv/models/a/..", '".." segments'],
    ["gs://bucket/models/%2e%2e/other", '".." segments'],
    ["file:///srv/models/../etc", '".." segments'],
  ])("refuses %s with a 400 naming basePath, changing nothing", async (basePath, says) => {
    const before = await snapshot();
    const res = await createModel("climber", basePath);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "bad_request", message: expect.stringContaining("basePath") });
    expect(res.json.error!.message).toContain(says);
    expect(await snapshot()).toEqual(before);
  });

  it.each(["/etc/ssl", "/srv/models-evil/x", "/srv", "relative/models/x", "file:///etc/x"])("refuses %s outside the roots, changing nothing", async (basePath) => {
    const before = await snapshot();
    const res = await createModel("outsider", basePath);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/^Invalid basePath: .* is outside the model roots \(\/srv\/models, \/data\/tfs\)$/),
      details: { field: "basePath", roots: ["/srv/models", "/data/tfs"] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("stores a path inside a root normalised, and lets other file systems' URIs through", async () => {
    const local = await createModel("inside", "/srv/models//inside/./v1/");
    expect(local.status).toBe(201);
    expect(local.json).toMatchObject({ name: "inside", basePath: "/srv/models/inside/v1" });
    expect((await createModel("root_itself", "/data/tfs")).json).toMatchObject({ basePath: "/data/tfs" });
    for (const [name, uri] of [["on_gcs", "gs://bucket/favpush"], ["on_s3", "s3://bucket/favpush"], ["on_hdfs", "hdfs://namenode:8020/models/favpush"]]) {
      const res = await createModel(name!, uri!);
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      expect(res.json).toMatchObject({ basePath: uri });
    }
  });

  it("refuses a model.conf whole when one base path climbs or leaves the roots, naming the model", async () => {
    const before = await snapshot();
    const climbing = await importConf(conf(["good", "/srv/models/good"], ["bad", "/srv/models/../../root"]));
    expect(climbing.status).toBe(400);
    expect(climbing.json.error).toMatchObject({ message: expect.stringContaining('Invalid base_path of model "bad"'), details: { field: "base_path", model: "bad" } });
    const outside = await importConf(conf(["good", "/srv/models/good"], ["away", "/home/someone/models"]));
    expect(outside.status).toBe(400);
    expect(outside.json.error).toMatchObject({ message: expect.stringContaining("outside the model roots"), details: { field: "base_path", model: "away" } });
    expect(await snapshot()).toEqual(before);

    const ok = await importConf(conf(["good", "/srv/models/good/"], ["remote", "s3://bucket/remote"]));
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json).toMatchObject({ models: [{ model: { name: "good", basePath: "/srv/models/good" } }, { model: { name: "remote", basePath: "s3://bucket/remote" } }] });
  });
});
