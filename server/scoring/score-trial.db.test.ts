import { randomUUID } from "node:crypto";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { status as GrpcStatus } from "@grpc/grpc-js";
import * as modelRoute from "@/app/api/v1/models/[model]/route";
import * as scoreRoute from "@/app/api/v1/score/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { FAVPUSH_MISSING_GOODS_ID, FAVPUSH_MODEL_VERSION, favpushArticleDocument, favpushCf, favpushCfGoods, favpushVector, favpushVersions } from "@/db/seed/favpush";
import { auditLog } from "@/db/schema";
import { bucketOf } from "@/sdk/src/core/bucketing";
import { SYSTEM } from "@/server/auth/actor";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createEtcdConfigCenter } from "@/server/config-center/etcd/create-etcd-config-center";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { createConnection } from "@/server/connections/create-connection";
import { updateConnection } from "@/server/connections/update-connection";
import { findConnection } from "@/server/connections/find-connection";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { publishFgVersion } from "@/server/fg-packages/publish-fg-version";
import { deregisterInstance } from "@/server/registry/deregister-instance";
import { registerInstance } from "@/server/registry/register-instance";
import { importSolutions } from "@/server/solutions/import-solutions";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { closedPort, startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { startEtcd, type TestEtcd } from "@/test/support/etcd";
import { callRoute } from "@/test/support/call-route";
import { createPerson } from "@/test/support/people";
import { openTestRedis, testRedis } from "@/test/support/redis";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { recentTrialsSettled } from "@/server/samples/record-recent-trial";
import { scoreTrial } from "./score-trial";
import { METADATA_TTL_MS } from "./wire-scoring-deps";
import { PREDICT_DEADLINES } from "./predict-on-instance";
import { startFailingInstance } from "./test-support/failing-instance";
import { startHungInstance } from "./test-support/hung-instance";
import { expectedDnn, expectedLr, favpushModelConfigs } from "./test-support/demo-scores";

/**
 * Trial scoring over the real stack: the console's database, feature tables (built-in and
 * Redis), published fg packages, the model registry, the dev model server over gRPC, and both
 * config centers. Only the request is made up.
 */
const FIXTURE = favpushArticleDocument();
const VERSIONS = favpushVersions();
const user = (uid: number) => favpushVector("u", uid, VERSIONS.favpush_vec_v2);
const goods = (id: number) => favpushVector("g", id, VERSIONS.favpush_vec_v2);

const bucketOfUid = (uid: number) => bucketOf({ salt: "favpush", keyValue: uid, bucketCount: 10 });
// Rows for 60 uids (234, the articles' example, among them) and every goods id: fewer rows, quicker worlds.
const UIDS = { from: 200, to: 259 };
const uidIn = (buckets: number[]) => {
  for (let uid = UIDS.from; uid <= UIDS.to; uid++) if (buckets.includes(bucketOfUid(uid))) return uid;
  throw new Error(`no demo uid in buckets ${buckets.join(", ")}`);
};

let modelServer: RunningModelServer;
let address: string;
let etcd: TestEtcd;
const redis = openTestRedis({ lazyConnect: true });
const redisPrefix = `sc-trial-test-${randomUUID()}:`;

interface World {
  name: string;
  database: Database;
  center: ConfigCenter;
  redisConnectionId?: string;
}
const worlds: World[] = [];

async function buildWorld(name: string, storage: "builtin" | "redis", center: (database: Database) => Promise<ConfigCenter>): Promise<World> {
  const database = await createTestDatabase();
  const { db } = database;
  let connectionId: string | undefined;
  if (storage === "redis") connectionId = (await createConnection(db, { actor: SYSTEM, input: { name: "trial-redis", ...testRedis, keyPrefixes: [redisPrefix] } })).id;
  await seedFavpushWorld(db, {
    parts: ["app", "tables", "rows", "fg", "instances"],
    uids: UIDS,
    storage: connectionId ? { storage: "redis", connectionId, keyPrefix: `${redisPrefix}${name}:` } : { storage: "builtin" },
    modelAddress: address,
  });
  const c = await center(database);
  await c.publish({ app: "favpush", releaseId: randomUUID(), document: FIXTURE, versions: VERSIONS });
  return { name, database, center: c, redisConnectionId: connectionId };
}

beforeAll(async () => {
  modelServer = await startQuietServer({
    models: favpushModelConfigs(),
  });
  address = `127.0.0.1:${modelServer.grpcPort}`;
  etcd = await startEtcd();
  await redis.connect();
  // The built-in world is also the process database, so the HTTP route test scores through it.
  const builtin = await buildWorld("built-in store, built-in center", "builtin", async (database) => {
    installAsProcessDatabase(database);
    return getConfigCenter();
  });
  const etcdWorld = await buildWorld("Redis store, etcd center", "redis", async () =>
    createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix: `/trial-test-${randomUUID()}` }),
  );
  worlds.push(builtin, etcdWorld);
}, 120_000);

afterAll(async () => {
  await recentTrialsSettled();
  closeTfsClients();
  await closeFeatureStores();
  for (const w of worlds) {
    await w.center.close();
    await w.database.close();
  }
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await etcd?.dispose();
  await modelServer?.close();
});

const actor = { type: "user" as const, id: randomUUID(), email: "trial@x.test", name: "Trial", role: "viewer" as const };
// Trials are rate-limited per person: tests that score many times each have a person of their own.
const someone = () => ({ ...actor, id: randomUUID() });
const run = (w: World, request: { app_name: string; origin: Record<string, unknown>; options?: Record<string, unknown> }, who = actor) =>
  scoreTrial(w.database.db, {
    actor: who,
    center: w.center,
    request: { app_name: request.app_name, origin: request.origin, options: { config: "published", trace: false, ...request.options } },
  });
const failure = (p: Promise<unknown>) => p.then(() => expect.fail("scoring should have failed"), (e: { status: number; message: string; details: { stage: string; reason: unknown } }) => e);

describe.each([0, 1])("trial scoring over the real stack (world %i)", (i) => {
  const w = () => worlds[i]!;

  it("scores a v1 bucket with the LR model's own number", async () => {
    const uid = uidIn([0, 1, 2]);
    const r = await run(w(), { app_name: "favpush", origin: { uid, goods_id: 123 }, options: { trace: true } });
    expect(r).toMatchObject({ solution: "v1", bucket: bucketOfUid(uid), model: { name: "favpush_lr", version: FAVPUSH_MODEL_VERSION, instance: address } });
    expect(r.outputs.y!.values[0]).toBeCloseTo(expectedLr(user(uid), goods(123)), 5);
    expect(r.trace!.every((s) => s.ok)).toBe(true);
  });

  it("scores a v2 bucket with the DNN model's own number, the getKKV feature included", async () => {
    const uid = uidIn([3, 4, 5, 6, 7, 8, 9]);
    const goodsId = favpushCfGoods(uid)[0]!;
    const cf = favpushCf(uid, goodsId, VERSIONS.favpush_cf_v5)!;
    const r = await run(w(), { app_name: "favpush", origin: { uid, goods_id: goodsId } });
    expect(r).toMatchObject({ solution: "v2", model: { name: "favpush_dnn", version: FAVPUSH_MODEL_VERSION } });
    expect(r.outputs.y!.values[0]).toBeCloseTo(expectedDnn(user(uid), goods(goodsId), cf.score), 5);
  });

  it("resolves {version:KEY} through the config center: the rendered keys carry the published versions", async () => {
    const r = await run(w(), { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution: "v2", trace: true } });
    expect(r.details!.queries.map((q) => `${q.table} ${q.key}`)).toEqual([`user_tbl 234|${VERSIONS.favpush_vec_v2}`, `goods_tbl 123|${VERSIONS.favpush_vec_v2}`, `graph_cf_tbl 234|123|${VERSIONS.favpush_cf_v5}`]);
  });

  it("reports a missing feature value and lets the fg refuse it (422 at the fg stage)", async () => {
    const e = await failure(run(w(), { app_name: "favpush", origin: { uid: 234, goods_id: FAVPUSH_MISSING_GOODS_ID }, options: { solution: "v2", trace: true } }));
    expect(e).toMatchObject({ status: 422, details: { stage: "fg" } });
    const steps = (e.details as unknown as { trace: { stage: string; output?: { log?: { missing_features?: string[] } } }[] }).trace;
    expect(steps.find((s) => s.stage === "featureMap")?.output?.log?.missing_features).toEqual(["goods_vec", "cf"]);
  });

  it.each([
    ["an unknown app", { app_name: "nosuchapp", origin: { uid: 1 } }, 404, "config"],
    ["an origin without the hash key", { app_name: "favpush", origin: { goods_id: 1 } }, 400, "bucket"],
    ["an origin without a template field", { app_name: "favpush", origin: { uid: 234 }, options: { solution: "v1" } }, 400, "features"],
    ["a forced solution that does not exist", { app_name: "favpush", origin: { uid: 234, goods_id: 1 }, options: { solution: "v9" } }, 404, "solution"],
  ] as const)("fails clearly on %s", async (_, request, status, stage) => {
    const e = await failure(run(w(), request));
    expect(e).toMatchObject({ status, details: { stage } });
  });
});

describe("what only one world can show", () => {
  // A trial reuses its metadata lookups for METADATA_TTL_MS, so these wait for a change to show.
  const settle = { timeout: METADATA_TTL_MS * 5, interval: 50 };
  const v1 = { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution: "v1" } };
  const outcome = (w: World) => () => run(w, v1).then((r) => `ok on ${r.model.instance}`, (e: { status: number; message: string; details: { stage: string } }) => `${e.status} at ${e.details.stage}: ${e.message}`);

  it("502s, naming the table, when a Redis feature table's server does not answer", async () => {
    const w = worlds[1]!;
    const db = w.database.db;
    const before = await findConnection(db, w.redisConnectionId!);
    await updateConnection(db, { actor: SYSTEM, id: before.id, input: { host: "127.0.0.1", port: await closedPort(), version: before.version } });
    try {
      await expect.poll(outcome(w), settle).toMatch(/^502 at features: .*(user_tbl|goods_tbl) did not answer/);
    } finally {
      const now = await findConnection(db, before.id);
      await updateConnection(db, { actor: SYSTEM, id: before.id, input: { host: testRedis.host, port: testRedis.port, version: now.version } });
    }
    await expect.poll(outcome(w), settle).toBe(`ok on ${address}`);
  });

  it("503s when the model has no registered instance, and scores again once one registers", async () => {
    const w = worlds[0]!;
    await deregisterInstance(w.database.db, { actor: SYSTEM, model: "favpush_lr", address });
    try {
      await expect.poll(outcome(w), settle).toMatch(/^503 at predict: /);
    } finally {
      await registerInstance(w.database.db, { actor: SYSTEM, input: { model: "favpush_lr", address, ttlSeconds: 3600 } });
    }
    await expect.poll(outcome(w), settle).toBe(`ok on ${address}`);
  });

  it.each([0, 1])("follows new releases through the center's watch (world %i); a version the model server does not hold is its 404 at predict", async (i) => {
    const w = worlds[i]!;
    const v1 = { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution: "v1", trace: true } };
    const outcome = () => run(w, v1).then((r) => r.model.version, (e: { status: number; details: { stage: string } }) => `${e.status} at ${e.details.stage}`);
    await expect(outcome()).resolves.toBe(FAVPUSH_MODEL_VERSION);
    await w.center.publish({ app: "favpush", releaseId: randomUUID(), document: FIXTURE, versions: { ...VERSIONS, favpush_lr_v1: "1999" } });
    try {
      await expect.poll(outcome, { timeout: 5_000, interval: 20 }).toBe("404 at predict");
    } finally {
      await w.center.publish({ app: "favpush", releaseId: randomUUID(), document: FIXTURE, versions: VERSIONS });
    }
    await expect.poll(outcome, { timeout: 5_000, interval: 20 }).toBe(FAVPUSH_MODEL_VERSION);
  });

  it("scores the draft instead of the published config when asked", async () => {
    const w = worlds[0]!;
    const moved = structuredClone(FIXTURE);
    // Draft: every bucket to v1 (v2 keeps none), published stays v1 0-2 / v2 3-9.
    moved.solutions[0].v1.buckets = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    moved.solutions[1].buckets = [];
    await importSolutions(w.database.db, { actor: SYSTEM, app: "favpush", input: { version: 0, document: moved } });
    const uid = uidIn([5]);
    const published = await run(w, { app_name: "favpush", origin: { uid, goods_id: 123 } });
    const draft = await run(w, { app_name: "favpush", origin: { uid, goods_id: 123 }, options: { config: "draft" } });
    expect([published.solution, draft.solution]).toEqual(["v2", "v1"]);
  });
});

describe("past the featureMap: a bad TensorIO and a model that refuses it", () => {
  // An fg whose tensor claims [1, 16] but carries user_vec's 8 values; and the LR fg's tensor
  // `x` sent to the DNN model, whose signature wants user, goods and cf.
  const BAD_COUNT_FG = `export function build(fm) {
  return { inputs: [{ name: "x", dtype: "float", shape: [1, 16], values: fm.user_vec }], outputs: [{ name: "y", dtype: "float" }] };
}`;
  const features = FIXTURE.solutions[0].v1.features;
  const document = {
    ...FIXTURE,
    solutions: [
      ...FIXTURE.solutions,
      { badcount: { features, model: { name: "favpush_lr", version: "favpush_lr_v1" }, fg: { class: "com.test.fg.BadCountFg", version: "v1" }, buckets: [] } },
      { mismatch: { features, model: { name: "favpush_dnn", version: "favpush_dnn_v1" }, fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" }, buckets: [] } },
    ],
  };
  const who = someone();
  const outcome = (w: World, solution: string) => () =>
    run(w, { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution, trace: true } }, who).then(
      (r) => ({ status: 200, stage: "", message: `ok on ${r.model.instance}`, reason: null as unknown, trace: r.trace! }),
      (e: { status: number; message: string; details: { stage: string; reason: unknown; trace: { stage: string; ok: boolean }[] } }) => ({
        status: e.status,
        stage: e.details.stage,
        message: e.message,
        reason: e.details.reason,
        trace: e.details.trace,
      }),
    );

  it.each([0, 1])("422s at the fg stage when the fg's values do not fill its shape, and 400s a model's INVALID_ARGUMENT as TF Serving's REST does (world %i)", async (i) => {
    const w = worlds[i]!;
    await publishFgVersion(w.database.db, { actor: SYSTEM, input: { className: "com.test.fg.BadCountFg", version: "v1", package: { kind: "code", source: BAD_COUNT_FG } } });
    await w.center.publish({ app: "favpush", releaseId: randomUUID(), document, versions: VERSIONS });
    try {
      await expect.poll(async () => (await outcome(w, "badcount")()).status, { timeout: 5_000, interval: 20 }).toBe(422);
      const bad = await outcome(w, "badcount")();
      expect(bad).toMatchObject({ stage: "fg", reason: { problems: [{ path: "$.inputs[0].values", message: "Shape [1, 16] holds 16 value(s), got 8" }] } });
      expect(bad.message).toMatch(/^fg: Invalid TensorIO/);
      // The request never left the console: the trace stops at the fg.
      expect(bad.trace.map((s) => `${s.stage}:${s.ok}`)).toEqual(["config:true", "bucket:true", "solution:true", "features:true", "featureMap:true", "fg:false"]);

      const refused = await outcome(w, "mismatch")();
      expect(refused).toMatchObject({ status: 400, stage: "predict", reason: { grpcStatus: "INVALID_ARGUMENT" } });
      expect(refused.message).toMatch(/^predict: input tensor alias not found in signature: x/);
    } finally {
      await w.center.publish({ app: "favpush", releaseId: randomUUID(), document: FIXTURE, versions: VERSIONS });
    }
    await expect.poll(async () => (await outcome(w, "v1")()).status, { timeout: 5_000, interval: 20 }).toBe(200);
  });
});

describe("model instances come from the registry: round-robin, a hung or dead one skipped", () => {
  // A trial reuses the registry's list for METADATA_TTL_MS, so a change is waited for.
  const settle = { timeout: METADATA_TTL_MS * 5, interval: 50 };
  // A hung instance costs a trial up to PREDICT_DEADLINES.perInstanceMs while it is tried.
  const slow = { timeout: PREDICT_DEADLINES.perInstanceMs * 6, interval: 50 };
  const v1 = { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution: "v1", trace: true } };
  let who = someone();
  beforeEach(() => {
    who = someone();
  });
  const w = () => worlds[0]!;
  const db = () => worlds[0]!.database.db;
  const register = (addr: string) => registerInstance(db(), { actor: SYSTEM, input: { model: "favpush_lr", address: addr, ttlSeconds: 3600 } });
  const deregister = (addr: string) => deregisterInstance(db(), { actor: SYSTEM, model: "favpush_lr", address: addr });
  const skippedOf = (r: Awaited<ReturnType<typeof run>>) =>
    ((r.trace!.find((s) => s.stage === "predict")!.output as { skipped: { instance: string }[] }).skipped ?? []).map((s) => s.instance);
  const outcome = () =>
    run(w(), v1, who).then(
      (r) => `ok on ${r.model.instance}`,
      (e: { status: number; message: string; details: { stage: string } }) => `${e.status} at ${e.details.stage}: ${e.message}`,
    );

  let second: RunningModelServer;
  let secondAddress: string;
  let hung: Awaited<ReturnType<typeof startHungInstance>>;
  beforeAll(async () => {
    second = await startQuietServer({ models: favpushModelConfigs().filter((m) => m.name === "favpush_lr") });
    secondAddress = `127.0.0.1:${second.grpcPort}`;
    hung = await startHungInstance();
  });
  afterAll(async () => {
    await hung?.close();
    await second?.close();
  });

  it("spreads trials round-robin over two healthy registered model servers: both get traffic", async () => {
    await register(secondAddress);
    try {
      await expect
        .poll(async () => {
          const seen = new Set<string>();
          for (let k = 0; k < 4; k++) seen.add((await run(w(), v1, who)).model.instance);
          return [...seen].sort();
        }, settle)
        .toEqual([address, secondAddress].sort());
      // In turn: four trials in a row land two on each, and both answer with the model's own number.
      const four = [];
      for (let k = 0; k < 4; k++) four.push(await run(w(), v1, who));
      expect(four.filter((r) => r.model.instance === address)).toHaveLength(2);
      for (const r of four) expect(r.outputs.y!.values[0]).toBeCloseTo(expectedLr(user(234), goods(123)), 5);
    } finally {
      await deregister(secondAddress);
    }
    await expect.poll(outcome, settle).toBe(`ok on ${address}`);
  }, 60_000);

  it("skips a registered instance that hangs (accepts, never answers): the trial succeeds on the other, and later trials do not wait on it", async () => {
    await register(hung.address);
    try {
      // Whichever instance a trial starts at, within two trials the hung one is tried and skipped.
      const skipped = new Set<string>();
      await expect
        .poll(async () => {
          const r = await run(w(), v1, who);
          expect(r.model.instance).toBe(address);
          for (const s of skippedOf(r)) skipped.add(s);
          return [...skipped];
        }, slow)
        .toEqual([hung.address]);
      // Resting: the healthy one is asked first, so the hung one is not even tried (not skipped).
      for (let k = 0; k < 3; k++) {
        const r = await run(w(), v1, who);
        expect([r.model.instance, skippedOf(r)]).toEqual([address, []]);
      }
    } finally {
      await deregister(hung.address);
    }
  }, 60_000);

  it("504s at predict when the only live-looking instance hangs, 503s when every instance refuses, each named", async () => {
    const dead = `127.0.0.1:${await closedPort()}`;
    await register(hung.address);
    await register(dead);
    await deregister(address);
    try {
      await expect.poll(outcome, slow).toMatch(new RegExp(`^504 at predict: predict: no instance of model favpush_lr answered in time: .*${hung.address} \\(no answer in time`));
      expect(await outcome()).toContain(dead);
      await deregister(hung.address);
      await expect.poll(outcome, { ...slow, timeout: slow.timeout * 2 }).toMatch(new RegExp(`^503 at predict: predict: no instance of model favpush_lr answers: ${dead} \\(`));
    } finally {
      await register(address);
      await deregister(dead);
      await deregister(hung.address).catch(() => undefined);
    }
    await expect.poll(outcome, settle).toBe(`ok on ${address}`);
  }, 90_000);
});

describe("POST /api/v1/score", () => {
  let cookie: string;
  let otherCookie: string;
  beforeAll(async () => {
    const db = worlds[0]!.database.db;
    cookie = (await createPerson(db, "viewer")).cookie;
    otherCookie = (await createPerson(db, "viewer")).cookie;
  });
  const post = (body: unknown, c = cookie) => callRoute(scoreRoute.POST, "/api/v1/score", { method: "POST", cookie: c, origin: "http://console.test", body });

  it("lets any signed-in person score, with the trace", async () => {
    const r = await post({ app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution: "v1", trace: true } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ solution: "v1", model: { instance: address } });
    expect((r.json.trace as { stage: string }[]).map((s) => s.stage)).toEqual(["config", "bucket", "solution", "features", "featureMap", "fg", "predict"]);
  });

  it("tells a viewer only that an instance did not answer; an admin also gets the raw error (trial and model page)", async () => {
    const db = worlds[0]!.database.db;
    const adminCookie = (await createPerson(db, "admin")).cookie;
    const failing = await startFailingInstance(GrpcStatus.INTERNAL, "secret internals of 10.9.9.9");
    const body = { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution: "v1" } };
    await registerInstance(db, { actor: SYSTEM, input: { model: "favpush_lr", address: failing.address, ttlSeconds: 3600 } });
    await deregisterInstance(db, { actor: SYSTEM, model: "favpush_lr", address });
    try {
      await expect.poll(async () => (await post(body)).status, { timeout: METADATA_TTL_MS * 5, interval: 50 }).toBe(503);
      const viewer = await post(body);
      expect(viewer.json.error).toMatchObject({
        code: "unavailable",
        message: `predict: no instance of model favpush_lr answers: ${failing.address} (the instance did not answer)`,
      });
      expect(JSON.stringify(viewer.json)).not.toMatch(/secret internals|INTERNAL/);
      const admin = await post(body, adminCookie);
      expect(admin.status).toBe(503);
      expect((admin.json.error!.details as { detail: string }).detail).toBe(`${failing.address}: secret internals of 10.9.9.9`);

      // The model page probes the instance (GetModelStatus: this gRPC server does not implement it).
      const page = (c: string) => callRoute(modelRoute.GET, "/api/v1/models/favpush_lr", { cookie: c, params: { model: "favpush_lr" } });
      const probed = (r: Awaited<ReturnType<typeof page>>) => (r.json.instances as { address: string; healthy: boolean; error: string; detail: string | null }[]).find((i) => i.address === failing.address);
      expect(probed(await page(cookie))).toMatchObject({ healthy: false, error: "the instance did not answer", detail: null });
      expect(probed(await page(adminCookie))).toMatchObject({ healthy: false, error: "the instance did not answer", detail: expect.stringMatching(/does not implement/) });
    } finally {
      await registerInstance(db, { actor: SYSTEM, input: { model: "favpush_lr", address, ttlSeconds: 3600 } });
      await deregisterInstance(db, { actor: SYSTEM, model: "favpush_lr", address: failing.address });
      await failing.close();
    }
    await expect.poll(async () => (await post(body)).status, { timeout: METADATA_TTL_MS * 5, interval: 50 }).toBe(200);
  });

  it("refuses anybody who is not signed in", async () => {
    const r = await callRoute(scoreRoute.POST, "/api/v1/score", { method: "POST", body: { app_name: "favpush", origin: { uid: 1 } } });
    expect(r.status).toBe(401);
  });

  it.each([
    ["an instance address beside the request", { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, instance: "10.0.0.1:8500" }],
    ["an address among the options", { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution: "v1", address: "10.0.0.1:8500" } }],
    ["a model server URL among the options", { app_name: "favpush", origin: { uid: 234 }, options: { model_server: "http://evil.test" } }],
  ])("refuses to be pointed elsewhere: %s is a 400 naming the field", async (_, body) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.json.error!.message).toMatch(/instance|address|model_server/);
  });

  it("treats address-like origin fields as data: the instance still comes from the registry", async () => {
    const r = await post({ app_name: "favpush", origin: { uid: 234, goods_id: 123, instance: "10.0.0.1:8500", address: "evil:1" }, options: { solution: "v1" } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ model: { instance: address } });
  });

  it.each([
    ["not JSON", { rawBody: "{nope" }],
    ["origin not an object", { body: { app_name: "favpush", origin: [1, 2] } }],
    ["a bucket that is not a whole number", { body: { app_name: "favpush", origin: { uid: 1 }, options: { bucket: 1.5 } } }],
    ["an unknown config source", { body: { app_name: "favpush", origin: { uid: 1 }, options: { config: "staging" } } }],
  ])("400s %s", async (_, call) => {
    const r = await callRoute(scoreRoute.POST, "/api/v1/score", {
      method: "POST",
      cookie,
      origin: "http://console.test",
      ...("rawBody" in call ? { rawBody: call.rawBody, headers: { "content-type": "application/json" } } : { body: call.body }),
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "bad_request" });
  });

  it("changes nothing: the audit log and the published revision are the same after trials", async () => {
    const db = worlds[0]!.database.db;
    const audit = async () => (await db.select({ n: count() }).from(auditLog))[0]!.n;
    const revision = async () => (await worlds[0]!.center.read("favpush"))!.revision;
    const [a0, r0] = [await audit(), await revision()];
    for (let k = 0; k < 3; k++) await post({ app_name: "favpush", origin: { uid: 200 + k, goods_id: 120 }, options: { trace: true } });
    expect([await audit(), await revision()]).toEqual([a0, r0]);
  });

  it("rate-limits per person with a 429 that says when to retry, without slowing anybody else", async () => {
    let last = 0;
    for (let k = 0; k < 200 && last !== 429; k++) last = (await post({ app_name: "nosuchapp", origin: { uid: 1 } })).status;
    expect(last).toBe(429);
    const blocked = await post({ app_name: "nosuchapp", origin: { uid: 1 } });
    expect(blocked.json.error).toMatchObject({ code: "rate_limited" });
    expect((await post({ app_name: "nosuchapp", origin: { uid: 1 } }, otherCookie)).status).toBe(404);
  });
});
