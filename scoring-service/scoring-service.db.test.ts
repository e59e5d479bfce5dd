import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import * as tableRoute from "@/app/api/v1/feature-tables/[table]/route";
import * as lookupRoute from "@/app/api/v1/features/lookup/route";
import * as fgVersionRoute from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/route";
import * as instancesRoute from "@/app/api/v1/registry/instances/route";
import * as liveRoute from "@/app/api/v1/apps/[app]/live/route";
import * as telemetryRoute from "@/app/api/v1/telemetry/route";
import { telemetryQueueOf } from "@/server/telemetry/queue-report";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushArticleDocument, favpushCfGoods, favpushVersions } from "@/db/seed/favpush";
import { bucketOf } from "@/sdk/src/core/bucketing";
import { SYSTEM } from "@/server/auth/actor";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { createConnection } from "@/server/connections/create-connection";
import { ScoreRequestSchema } from "@/server/contracts/scoring";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { deregisterInstance } from "@/server/registry/deregister-instance";
import { registerInstance } from "@/server/registry/register-instance";
import { recentTrialsSettled } from "@/server/samples/record-recent-trial";
import { scoreTrial } from "@/server/scoring/score-trial";
import { favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { issueToken } from "@/server/tokens/issue-token";
import { startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { callRoute, type RouteHandler } from "@/test/support/call-route";
import { createPerson } from "@/test/support/people";
import { openTestRedis, TEST_REDIS_URL, testRedis } from "@/test/support/redis";
import { startScoringServiceProcess, type ScoringServiceProcess } from "@/test/support/scoring-service-process";
import { serveRoutes } from "@/test/support/serve-routes";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

/**
 * The scoring service in its own process (scoring-service/main.ts), against the console's real
 * route handlers served over HTTP from this process, a model server, and Redis tables read over
 * the service's own connection. Each test starts its own console endpoint and service, so one
 * that stops them leaves nothing behind for another.
 */
const UIDS = { from: 200, to: 229 };
const REDIS_CONNECTION = "service-redis";
const redis = openTestRedis({ lazyConnect: true });
const redisPrefix = `sc-service-test-${randomUUID()}:`;
let database: Database;
let center: ConfigCenter;
let token: string;
let telemetryToken: string;
let modelServer: RunningModelServer;
let address: string;
let tmp: string;
const services: ScoringServiceProcess[] = [];
const consoles: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  modelServer = await startQuietServer({ models: favpushModelConfigs() });
  address = `127.0.0.1:${modelServer.grpcPort}`;
  await redis.connect();
  tmp = await mkdtemp(path.join(os.tmpdir(), "scoring-service-test-"));
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  const { db } = database;
  const connectionId = (await createConnection(db, { actor: SYSTEM, input: { name: REDIS_CONNECTION, ...testRedis, keyPrefixes: [redisPrefix] } })).id;
  await seedFavpushWorld(db, {
    parts: ["app", "tables", "rows", "fg", "instances"],
    uids: UIDS,
    storage: { storage: "redis", connectionId, keyPrefix: redisPrefix },
    modelAddress: address,
  });
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
  center = await getConfigCenter();
  await center.publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
  token = (await issueToken(db, { actor: SYSTEM, input: { name: "scoring-service", scopes: ["config:read", "features:read"] } })).secret;
  telemetryToken = (await issueToken(db, { actor: SYSTEM, input: { name: "scoring-service-telemetry", scopes: ["telemetry:write"] } })).secret;
}, 120_000);

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await Promise.all(consoles.map((c) => c.close()));
  await recentTrialsSettled();
  closeTfsClients();
  await closeFeatureStores();
  await center?.close();
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
  await database?.close();
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await modelServer?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A gate a route waits on while closed; `waiting` resolves once `n` requests wait at it. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const arrivals: (() => void)[] = [];
  let count = 0;
  return {
    opened,
    open,
    arrive() {
      count++;
      arrivals.splice(0).forEach((wake) => wake());
    },
    async waiting(n: number) {
      while (count < n) await new Promise<void>((resolve) => arrivals.push(resolve));
    },
  };
}

/** The console's API the service uses, served on its own port; `fgGate` holds fg package fetches until opened. */
async function serveConsole(opts: { fgGate?: ReturnType<typeof gate> } = {}) {
  const fg: RouteHandler = opts.fgGate
    ? async (req, ctx) => {
        opts.fgGate!.arrive();
        await opts.fgGate!.opened;
        return fgVersionRoute.GET(req, ctx as never);
      }
    : (fgVersionRoute.GET as RouteHandler);
  const served = await serveRoutes([
    { method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET as RouteHandler },
    { method: "GET", pattern: "/api/v1/feature-tables/:table", handler: tableRoute.GET as RouteHandler },
    { method: "POST", pattern: "/api/v1/features/lookup", handler: lookupRoute.POST as RouteHandler },
    { method: "GET", pattern: "/api/v1/fg/classes/:fgClass/versions/:version", handler: fg },
    { method: "GET", pattern: "/api/v1/registry/instances", handler: instancesRoute.GET as RouteHandler },
    { method: "POST", pattern: "/api/v1/telemetry", handler: telemetryRoute.POST as RouteHandler },
  ]);
  consoles.push(served);
  return served;
}

async function startService(consoleUrl: string, extra: string[] = [], env: Record<string, string> = {}) {
  const service = await startScoringServiceProcess([`--console=${consoleUrl}`, "--app=favpush", "--port=0", ...extra], {
    ...env,
    SCORING_CONSOLE_TOKEN: token,
    SCORING_CONNECTIONS: JSON.stringify({ [REDIS_CONNECTION]: { url: TEST_REDIS_URL } }),
  });
  services.push(service);
  return service;
}

async function post(service: ScoringServiceProcess, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${service.url}/score`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

async function untilReady(service: ScoringServiceProcess): Promise<void> {
  // Each probe is a real request; the loop ends on the first 200 (or the test's timeout).
  for (;;) {
    const res = await fetch(`${service.url}/healthz`);
    if (res.status === 200) return;
    await res.text();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const trial = (request: unknown) =>
  scoreTrial(database.db, { actor: { type: "user", id: randomUUID(), email: "t@x.test", name: "T", role: "viewer" }, center, request: ScoreRequestSchema.parse(request) });

/** Users with rows, each with a goods id its cf map holds (so every feature of both solutions is found). */
const requests = () => [200, 201, 203, 205, 211, 224].map((uid) => ({ app_name: "favpush", origin: { uid, goods_id: favpushCfGoods(uid)[0]! } as Record<string, unknown> }));

describe("the scoring service", () => {
  it("answers byte for byte what trial scoring answers, for every sample request and a forced solution", async () => {
    const service = await startService((await serveConsole()).url);
    await untilReady(service);
    const cases = [...requests(), { app_name: "favpush", origin: { uid: 224, goods_id: 123 }, options: { solution: "v1" } }];
    for (const request of cases) {
      const fromService = await post(service, request);
      expect(fromService.status, fromService.text).toBe(200);
      expect(fromService.text).toBe(JSON.stringify(await trial(request)));
    }
  });

  it("answers a batch (items) as trial scoring does, stacked into one Predict", async () => {
    const service = await startService((await serveConsole()).url);
    await untilReady(service);
    const request = { app_name: "favpush", origin: { uid: 201 }, items: [{ goods_id: 123 }, { goods_id: 124 }, { goods_id: 130 }] };
    const fromService = await post(service, request);
    expect(fromService.status, fromService.text).toBe(200);
    const answer = JSON.parse(fromService.text) as { items: unknown[]; predict: { mode: string; calls: number } };
    expect(answer.items).toHaveLength(3);
    expect(answer.predict).toEqual({ mode: "stacked", calls: 1 });
    expect(fromService.text).toBe(JSON.stringify(await trial(request)));
  });

  it("reports its traffic to the console: the Live API shows the requests per solution and the service on its release", async () => {
    const served = await serveConsole();
    const logFile = path.join(tmp, `features-${randomUUID()}.jsonl`);
    // A long interval: the report this test reads is the one SIGTERM sends (no waiting on a timer).
    const service = await startService(served.url, ["--telemetry-interval-ms=600000", `--feature-log-file=${logFile}`, "--feature-log-sample=1"], {
      SCORING_TELEMETRY_TOKEN: telemetryToken,
    });
    const health = (await (await fetch(`${service.url}/healthz`)).json()) as { revision: number };
    await untilReady(service);
    const cases = [...requests(), { app_name: "favpush", origin: { uid: 201 }, items: [{ goods_id: 123 }, { goods_id: 124 }] }];
    for (const request of cases) expect((await post(service, request)).status).toBe(200);
    expect((await post(service, { app_name: "favpush", origin: { goods_id: 1 } })).status).toBe(400);
    const instance = /telemetry: instance (\S+),/.exec(service.output())![1]!;
    expect(await service.stop(), service.output()).toBe(0);
    // The console answered the report once queued (202): the Live API reads it once written.
    await telemetryQueueOf(database.db).settled();

    const viewer = await createPerson(database.db, "viewer");
    const live = await callRoute(liveRoute.GET as RouteHandler, "/api/v1/apps/favpush/live", { cookie: viewer.cookie, params: { app: "favpush" } });
    expect(live.status, JSON.stringify(live.json)).toBe(200);
    const view = live.json as unknown as { solutions: { solution: string; requests: number; items: number; errors: Record<string, number> }[]; instances: { instance: string; release: string }[] };
    const scored = view.solutions.filter((s) => s.solution !== "none");
    expect(scored.reduce((n, s) => n + s.requests, 0)).toBe(cases.length);
    expect(scored.reduce((n, s) => n + s.items, 0)).toBe(cases.length - 1 + 2);
    expect(view.solutions.find((s) => s.solution === "none")).toMatchObject({ requests: 1, errors: { bucket: 1 } });
    expect(view.instances).toContainEqual(expect.objectContaining({ instance, release: String(health.revision) }));

    const lines = (await readFile(logFile, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(cases.length - 1 + 2);
  });

  it("refuses a bad request with the runtime's status and a JSON error naming it", async () => {
    const service = await startService((await serveConsole()).url, ["--max-body-bytes=4096"]);
    await untilReady(service);
    const noHashKey = await post(service, { app_name: "favpush", origin: { goods_id: 123 } });
    expect(noHashKey.status).toBe(400);
    expect(JSON.parse(noHashKey.text)).toMatchObject({ error: { code: "bad_request", details: { stage: "bucket" } } });
    const otherApp = await post(service, { app_name: "other", origin: { uid: 1 } });
    expect(otherApp.status).toBe(404);
    const big = await post(service, { app_name: "favpush", origin: { uid: 201, pad: "x".repeat(10_000) } });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text)).toMatchObject({ error: { code: "payload_too_large" } });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    const errors = metrics.split("\n").filter((line) => line.startsWith("scoring_errors_total{"));
    expect(errors.find((line) => line.includes('stage="bucket"') && line.includes('code="bad_request"') && line.includes('solution="none"'))).toMatch(/ 1$/);
    expect(errors.find((line) => line.includes('stage="request"') && line.includes('code="payload_too_large"'))).toMatch(/ 1$/);
  });

  it("is ready only with a release whose every model has a registered instance, and says why not", async () => {
    const served = await serveConsole();
    const unpublished = await startScoringServiceProcess([`--console=${served.url}`, "--app=ghost", "--port=0"], { SCORING_CONSOLE_TOKEN: token });
    services.push(unpublished);
    const none = await fetch(`${unpublished.url}/healthz`);
    expect(none.status).toBe(503);
    expect(await none.json()).toMatchObject({ ready: false, reasons: ["ghost has no release yet"], revision: null });

    await deregisterInstance(database.db, { actor: SYSTEM, model: "favpush_dnn", address });
    try {
      const service = await startService(served.url);
      const missing = await fetch(`${service.url}/healthz`);
      expect(missing.status).toBe(503);
      expect(await missing.json()).toMatchObject({ ready: false, reasons: ["model favpush_dnn has no registered instance"], models: { favpush_lr: 1, favpush_dnn: 0 } });
      await registerInstance(database.db, { actor: SYSTEM, input: { model: "favpush_dnn", address, ttlSeconds: 3600 } });
      // The registry is read again within a second: ready then, without a restart.
      await untilReady(service);
    } finally {
      await registerInstance(database.db, { actor: SYSTEM, input: { model: "favpush_dnn", address, ttlSeconds: 3600 } });
    }
  });

  it("switches to a new release under load between requests, with no failed request", async () => {
    const served = await serveConsole();
    const service = await startService(served.url);
    await untilReady(service);
    const before = (await center.read("favpush"))!.revision;
    // The new release moves buckets 3-6 from v2 to v1: each answer must follow one release or the other, whole.
    const document = favpushArticleDocument();
    document.solutions[0].v1.buckets = [0, 1, 2, 3, 4, 5, 6];
    document.solutions[1].buckets = [7, 8, 9];
    const owner = (revision: number, bucket: number) => (revision > before ? (bucket <= 6 ? "v1" : "v2") : bucket <= 2 ? "v1" : "v2");

    const loops = 8;
    const started = gate();
    let after = 0;
    const failures: string[] = [];
    const seen = new Set<number>();
    const loop = async (i: number) => {
      let done = 0;
      let newer = 0;
      while (newer < 3) {
        const uid = UIDS.from + ((i * 7 + done) % 30);
        const res = await post(service, { app_name: "favpush", origin: { uid, goods_id: 123 }, options: { trace: true } });
        done++;
        if (res.status !== 200) {
          failures.push(res.text);
          started.arrive();
          return;
        }
        const answer = JSON.parse(res.text) as { bucket: number; solution: string; trace: { stage: string; output: { revision: number } }[] };
        const revision = answer.trace[0]!.output.revision;
        seen.add(revision);
        expect(answer.bucket).toBe(bucketOf({ salt: "favpush", keyValue: uid, bucketCount: 10 }));
        expect(answer.solution).toBe(owner(revision, answer.bucket));
        if (revision > before) newer++;
        if (done === 3) started.arrive();
      }
      after++;
    };
    const running = Array.from({ length: loops }, (_, i) => loop(i));
    await started.waiting(loops);
    await center.publish({ app: "favpush", releaseId: randomUUID(), document, versions: favpushVersions() });
    await Promise.all(running);
    expect(failures).toEqual([]);
    expect(after).toBe(loops);
    expect(seen.has(before)).toBe(true);
    expect(Math.max(...seen)).toBeGreaterThan(before);
    const health = (await (await fetch(`${service.url}/healthz`)).json()) as { revision: number };
    expect(health.revision).toBeGreaterThan(before);
    // Back to the first release for the other tests.
    await center.publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
  });

  it("keeps serving its last release while the console (the center) is down", async () => {
    const served = await serveConsole();
    const service = await startService(served.url);
    await untilReady(service);
    const request = requests()[0]!;
    const warm = await post(service, request);
    expect(warm.status, warm.text).toBe(200);
    await served.close();
    // Requests until the service has answered the console's part from its last answers (its caches expired): all of them succeed.
    let answered = 0;
    for (;;) {
      const res = await post(service, request);
      expect(res.status, res.text).toBe(200);
      expect(res.text).toBe(warm.text);
      answered++;
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      if (/scoring_console_unanswered_total\{[^}]*\} [1-9]/.test(metrics)) break;
    }
    expect(answered).toBeGreaterThan(0);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it("starts from its cache file while the console is down", async () => {
    const served = await serveConsole();
    const cacheFile = path.join(tmp, `cache-${randomUUID()}`, "favpush.json");
    const first = await startService(served.url, [`--cache-file=${cacheFile}`]);
    await untilReady(first);
    const request = requests()[1]!;
    const answer = await post(first, request);
    expect(answer.status, answer.text).toBe(200);
    expect(await first.stop()).toBe(0);
    await served.close();

    const second = await startService(served.url, [`--cache-file=${cacheFile}`]);
    await untilReady(second);
    const again = await post(second, request);
    expect(again.status, again.text).toBe(200);
    expect(again.text).toBe(answer.text);
  });

  it("skips a model instance that dies mid-traffic for a healthy one, failing no request", async () => {
    const second = await startQuietServer({ models: favpushModelConfigs() });
    const secondAddress = `127.0.0.1:${second.grpcPort}`;
    const models = ["favpush_lr", "favpush_dnn"];
    for (const model of models) await registerInstance(database.db, { actor: SYSTEM, input: { model, address: secondAddress, ttlSeconds: 3600 } });
    try {
      const service = await startService((await serveConsole()).url);
      await untilReady(service);
      const byInstance = new Map<string, number>();
      let killed = false;
      let afterKill = 0;
      const failures: string[] = [];
      const killedOnce = gate();
      const loop = async (i: number) => {
        for (let n = 0; ; n++) {
          const res = await post(service, { app_name: "favpush", origin: { uid: UIDS.from + ((i + n) % 30), goods_id: 123 } });
          if (res.status !== 200) {
            failures.push(res.text);
            return;
          }
          const instance = (JSON.parse(res.text) as { model: { instance: string } }).model.instance;
          byInstance.set(instance, (byInstance.get(instance) ?? 0) + 1);
          if (!killed && (byInstance.get(secondAddress) ?? 0) >= 4 && (byInstance.get(address) ?? 0) >= 4) {
            killed = true;
            await second.close();
            killedOnce.arrive();
          }
          if (killed && ++afterKill >= 40) return;
        }
      };
      await Promise.all([0, 1, 2, 3].map(loop));
      await killedOnce.waiting(1);
      expect(failures).toEqual([]);
      expect(afterKill).toBeGreaterThanOrEqual(40);
    } finally {
      await second.close();
      for (const model of models) await deregisterInstance(database.db, { actor: SYSTEM, model, address: secondAddress });
    }
  });

  it("on SIGTERM stops taking connections, answers every request in flight, then exits 0", async () => {
    const fgGate = gate();
    const served = await serveConsole({ fgGate });
    // The console holds the fg fetches as long as the test needs: no deadline of the service's may cut them.
    const service = await startService(served.url, ["--console-timeout-ms=600000"]);
    await untilReady(service);
    // The service's first requests fetch the fg package, which the console holds: they are in flight.
    const inFlight = requests().map((request) => post(service, request));
    await fgGate.waiting(inFlight.length);
    service.child.kill("SIGTERM");
    const port = Number(new URL(service.url).port);
    while (await connects(port)) await new Promise<void>((resolve) => setImmediate(resolve));
    fgGate.open();
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(await service.exited).toBe(0);
  });
});

/** Whether a TCP connection to the port is accepted. */
function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
