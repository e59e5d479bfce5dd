import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import * as tableRoute from "@/app/api/v1/feature-tables/[table]/route";
import * as lookupRoute from "@/app/api/v1/features/lookup/route";
import * as fgVersionRoute from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/route";
import * as instancesRoute from "@/app/api/v1/registry/instances/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { FAVPUSH_MISSING_GOODS_ID, favpushArticleDocument, favpushVersions } from "@/db/seed/favpush";
import { createConfigClient } from "@/sdk/src";
import type { ConfigClient } from "@/sdk/src/core/published/types";
import {
  configFromClient,
  consoleFgPackages,
  consoleRegistry,
  createConsoleApi,
  createFeatureTables,
  createScoringRuntime,
  ScoringError,
  type FeatureTables,
  type ScoringPorts,
  type ScoringRuntime,
} from "@/sdk/src/runtime";
import { SYSTEM } from "@/server/auth/actor";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { createConnection } from "@/server/connections/create-connection";
import type { FgPackage } from "@/server/contracts/fg";
import { ScoreRequestSchema } from "@/server/contracts/scoring";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { runFg } from "@/server/fg/run-fg";
import { recentTrialsSettled } from "@/server/samples/record-recent-trial";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import type { TensorInput } from "@/server/tfs/tensor-codec";
import { issueToken } from "@/server/tokens/issue-token";
import { startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { openTestRedis, TEST_REDIS_URL, testRedis } from "@/test/support/redis";
import { serveRoutes } from "@/test/support/serve-routes";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { modelSignatureOf } from "./model-signatures";
import { runScoring } from "./run-scoring";
import { scoreTrial } from "./score-trial";
import { wireScoringDeps } from "./wire-scoring-deps";
import { favpushModelConfigs } from "./test-support/demo-scores";

/**
 * The scoring runtime as a production service runs it, standalone: configuration through the
 * SDK's HTTP client, table definitions, built-in rows, fg packages and instances through the
 * console's API with a token, Redis read directly over the service's own connection. The same
 * request through the console's trial scoring gives byte-identical outputs, featureMaps and logs.
 */
const UIDS = { from: 200, to: 229 };
let modelServer: RunningModelServer;
let address: string;
const redis = openTestRedis({ lazyConnect: true });
const redisPrefix = `sc-runtime-test-${randomUUID()}:`;
const REDIS_CONNECTION = "runtime-redis";

beforeAll(async () => {
  modelServer = await startQuietServer({ models: favpushModelConfigs() });
  address = `127.0.0.1:${modelServer.grpcPort}`;
  await redis.connect();
}, 60_000);

afterAll(async () => {
  closeTfsClients();
  await closeFeatureStores();
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await modelServer?.close();
});

describe.each(["builtin", "redis"] as const)("the runtime standalone against the console, %s store", (storage) => {
  let database: Database;
  let center: ConfigCenter;
  let served: Awaited<ReturnType<typeof serveRoutes>>;
  let client: ConfigClient;
  let tables: FeatureTables;
  let runtime: ScoringRuntime;
  let ports: ScoringPorts<FgPackage>;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    installAsProcessDatabase(database);
    const { db } = database;
    const connectionId =
      storage === "redis" ? (await createConnection(db, { actor: SYSTEM, input: { name: REDIS_CONNECTION, ...testRedis, keyPrefixes: [redisPrefix] } })).id : undefined;
    await seedFavpushWorld(db, {
      parts: ["app", "tables", "rows", "fg", "instances"],
      uids: UIDS,
      storage: connectionId ? { storage: "redis", connectionId, keyPrefix: `${redisPrefix}${storage}:` } : { storage: "builtin" },
      modelAddress: address,
    });
    // The process's config center is bound to the database it opened with: each world opens its own.
    (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
    center = await getConfigCenter();
    await center.publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
    token = (await issueToken(db, { actor: SYSTEM, input: { name: "scoring-service", scopes: ["config:read", "features:read"] } })).secret;
    served = await serveRoutes([
      { method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET },
      { method: "GET", pattern: "/api/v1/feature-tables/:table", handler: tableRoute.GET },
      { method: "POST", pattern: "/api/v1/features/lookup", handler: lookupRoute.POST },
      { method: "GET", pattern: "/api/v1/fg/classes/:fgClass/versions/:version", handler: fgVersionRoute.GET },
      { method: "GET", pattern: "/api/v1/registry/instances", handler: instancesRoute.GET },
    ]);
    client = await createConfigClient({ url: served.url, token, app: "favpush" });
    const api = createConsoleApi({ url: served.url, token });
    // The service's own configuration names the connection; the console's API never gives its address.
    tables = createFeatureTables({ api, connections: { [REDIS_CONNECTION]: { url: TEST_REDIS_URL } } });
    ports = {
      loadConfig: configFromClient(client),
      openTable: tables.openTable,
      fetchFg: consoleFgPackages<FgPackage>(api),
      runFg: (pkg, featureMap) => runFg(pkg, featureMap),
      instances: consoleRegistry(api),
      predict: (instance, request, { timeoutMs }) =>
        getTfsClient(instance).predict({ ...request, inputs: request.inputs as Record<string, TensorInput> }, { timeoutMs }),
    };
    runtime = createScoringRuntime(ports);
  }, 120_000);

  afterAll(async () => {
    await recentTrialsSettled();
    await client?.close();
    await tables?.close();
    await served?.close();
    await center?.close();
    (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
    await database?.close();
  });

  const trial = (request: { app_name: string; origin: Record<string, unknown>; options?: Record<string, unknown> }) => {
    const { items: _none, ...parsed } = ScoreRequestSchema.parse(request);
    return scoreTrial(database.db, { actor: { type: "user", id: randomUUID(), email: "t@x.test", name: "T", role: "viewer" }, center, request: parsed });
  };

  it.each([
    ["a v1 bucket (LR model)", { uid: 201, goods_id: 123 }, {}],
    ["another user", { uid: 217, goods_id: 124 }, {}],
    ["the v2 solution (DNN model, getKKV table)", { uid: 224, goods_id: 123 }, { solution: "v2" }],
  ])("gives trial scoring's exact outputs, featureMap and log: %s", async (_name, origin, options) => {
    const request = { app_name: "favpush", origin, options: { trace: true, ...options } };
    const fromTrial = await trial(request);
    const fromRuntime = await runtime.score(request);
    expect(JSON.stringify(fromRuntime.outputs)).toBe(JSON.stringify(fromTrial.outputs));
    expect(JSON.stringify(fromRuntime.details!.featureMap)).toBe(JSON.stringify(fromTrial.details!.featureMap));
    expect(JSON.stringify(fromRuntime.details!.tensorIO)).toBe(JSON.stringify(fromTrial.details!.tensorIO));
    expect(JSON.stringify(fromRuntime.log)).toBe(JSON.stringify(fromTrial.log));
    expect({ ...fromRuntime, trace: undefined, details: undefined }).toEqual({ ...fromTrial, trace: undefined, details: undefined });
    expect(fromRuntime.trace!.map((s) => [s.stage, s.ok])).toEqual(fromTrial.trace!.map((s) => [s.stage, s.ok]));
  });

  it.each(["v1", "v2"])("gives the console's exact batch (items, featureMaps, tensors), stacked or one Predict per item: solution %s", async (solution) => {
    const request = {
      app_name: "favpush",
      origin: { uid: 224 },
      items: [{ goods_id: 123 }, { goods_id: FAVPUSH_MISSING_GOODS_ID }, { goods_id: 124 }, { goods_id: 125 }],
      options: { solution, trace: true },
    };
    const fromConsole = await runScoring(wireScoringDeps(database.db, center), request);
    expect(fromConsole.predict).toEqual({ mode: "stacked", calls: 1 });
    // The standalone service as wired above has no signature port: one Predict per item, the same answers.
    const perItem = await runtime.score(request);
    expect(perItem.predict).toMatchObject({ mode: "per-item", calls: 3 });
    const stacked = await createScoringRuntime({ ...ports, modelSignature: (model) => modelSignatureOf(ports.instances, model) }).score(request);
    expect(stacked.predict).toEqual({ mode: "stacked", calls: 1 });
    for (const fromRuntime of [perItem, stacked]) {
      expect(JSON.stringify(fromRuntime.items)).toBe(JSON.stringify(fromConsole.items));
      expect(JSON.stringify(fromRuntime.details!.featureMaps)).toBe(JSON.stringify(fromConsole.details!.featureMaps));
      expect(JSON.stringify(fromRuntime.details!.tensorIOs)).toBe(JSON.stringify(fromConsole.details!.tensorIOs));
    }
    // Both fgs refuse a goods id no table holds (no default for goods_vec): that item is not sent.
    expect(fromConsole.items[1]).toMatchObject({ index: 1, error: { stage: "fg" } });
  });

  it("fails where trial scoring fails, with the same code, status and message: a goods id no table holds, at the fg", async () => {
    const request = { app_name: "favpush", origin: { uid: 205, goods_id: FAVPUSH_MISSING_GOODS_ID }, options: { solution: "v2" } };
    const fromTrial = (await trial(request).then(() => expect.fail("trial scoring should have failed"), (x: unknown) => x)) as ScoringError;
    const fromRuntime = (await runtime.score(request).then(() => expect.fail("the runtime should have failed"), (x: unknown) => x)) as ScoringError;
    expect(fromRuntime).toBeInstanceOf(ScoringError);
    expect({ code: fromRuntime.code, status: fromRuntime.status, message: fromRuntime.message, stage: (fromRuntime.details as { stage: string }).stage }).toEqual({
      code: fromTrial.code,
      status: fromTrial.status,
      message: fromTrial.message,
      stage: "fg",
    });
  });

  it.runIf(storage === "redis")("reads a Redis table over the service's own connection, which the console never gives out", async () => {
    const withoutConnections = createFeatureTables({ api: createConsoleApi({ url: served.url, token }), connections: {} });
    const blind = createScoringRuntime({ ...ports, openTable: withoutConnections.openTable });
    const e = await blind.score({ app_name: "favpush", origin: { uid: 201, goods_id: 123 } }).then(
      () => expect.fail("scoring should have failed"),
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ status: 502, details: { stage: "features" } });
    expect((e as Error).message).toContain(`connection "${REDIS_CONNECTION}" is not in this service's configuration`);
    await withoutConnections.close();
  });

  it("fails a stage as trial scoring does: an origin without the hash key is a 400 at the bucket", async () => {
    const e = await runtime.score({ app_name: "favpush", origin: { goods_id: 123 } }).then(
      () => expect.fail("scoring should have failed"),
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ScoringError);
    expect(e).toMatchObject({ status: 400, details: { stage: "bucket" } });
  });
});
