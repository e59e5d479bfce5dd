import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fgList from "@/app/api/v1/fg/route";
import * as fgVersion from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/route";
import * as scoreRoute from "@/app/api/v1/score/route";
import type { Database } from "@/db/client";
import { modelConfig, startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { createFeatureTable } from "@/server/feature-tables/create-feature-table";
import { loadFeatureRows } from "@/server/feature-tables/load-feature-rows";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { DEMO_DNN_CODE_PACKAGE, DEMO_FG_PACKAGES } from "@/db/seed/favpush";
import { serializeTensorIO, type TensorIO } from "@/server/fg/tensor-io";
import { publishFgVersion } from "@/server/fg-packages/publish-fg-version";
import { registerInstance } from "@/server/registry/register-instance";
import { DEMO_MODELS_DIR } from "@/server/scoring/test-support/demo-scores";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type RouteHandler } from "@/test/support/call-route";
import { createPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { consoleFgResolver, main } from "./fg-offline";

/**
 * Offline = online, end to end (DESIGN.md section 4). Online is the REAL scoring path: POST
 * /api/v1/score with `trace`, which renders the solution's templates, queries the feature
 * tables, builds the featureMap, runs the published fg and hands its TensorIO to a model server;
 * the trace exposes that TensorIO. Offline is `npm run fg -- --app favpush --fg ...` over a file
 * of featureMaps written to the contract independently of the console (origin plus one entry per
 * feature of the solution, null where the tables have nothing), its package resolved through the
 * console's API with an API token. The output file must be, byte for byte, the canonical form of
 * the TensorIOs scoring computed. Requests include pairs with no cf map, and a uid absent from
 * graph_cf_tbl altogether, under a code fg that builds different tensors for an absent feature
 * and a null one.
 */
let database: Database;
let center: ConfigCenter;
let modelServer: RunningModelServer;
let dir: string;
let token: string;
let viewerCookie: string;

const VERSIONS = { favpush_vec_v2: "7", favpush_cf_v5: "3", favpush_lr_v1: "20200116", favpush_dnn_v1: "20200116" };
const UIDS = Array.from({ length: 12 }, (_, i) => 300 + i);
const GOODS = Array.from({ length: 12 }, (_, i) => 500 + i);
/** Has a user vector but no cf map with any goods. */
const UID_WITHOUT_CF = 399;
const vec = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.round(Math.sin(seed * 13 + i) * 1e4) / 2e4);
const USER_VEC = new Map([...UIDS, UID_WITHOUT_CF].map((u) => [u, vec(u)]));
const GOODS_VEC = new Map(GOODS.map((g) => [g, vec(1000 + g)]));
/** A third of the pairs have no cf map; the others a score and a click count. */
const cfOf = (uid: number, goods: number) => (uid === UID_WITHOUT_CF || (uid + goods) % 3 === 0 ? undefined : { score: ((uid * 7 + goods) % 11) / 4, co_clicks: (uid + goods) % 17 });

/** Builds different `cf` tensors for a featureMap without `cf` (-1) and one whose cf is null (0), and logs which. */
const PRESENCE_FG = {
  className: "com.test.ranking.fg.PresenceFg",
  source: `export function build(fm) {
  const state = !("cf" in fm) ? "absent" : fm.cf === null ? "null" : "present";
  fm.log.cf = state;
  const cf = state === "absent" ? -1 : state === "null" ? 0 : Math.log1p(fm.cf.score);
  return {
    inputs: [
      { name: "user", dtype: "float", shape: [1, 8], values: fm.user_vec },
      { name: "goods", dtype: "float", shape: [1, 8], values: fm.goods_vec },
      { name: "cf", dtype: "float", shape: [1, 1], values: [cf] },
    ],
    outputs: [{ name: "y", dtype: "float" }],
  };
}
`,
};

const vecFeatures = { user_vec: "getKV user_tbl {uid}|{version:favpush_vec_v2}", goods_vec: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}" };
const dnnFeatures = { ...vecFeatures, cf: "getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}" };
const dnnModel = { name: "favpush_dnn", version: "favpush_dnn_v1" };
const SOLUTIONS = {
  lr: { features: vecFeatures, model: { name: "favpush_lr", version: "favpush_lr_v1" }, fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" }, buckets: [0, 1, 2] },
  dnn: { features: dnnFeatures, model: dnnModel, fg: { class: "com.xxx.ranking.fg.DNNFg", version: "v2" }, buckets: [3, 4, 5] },
  dnn_code: { features: dnnFeatures, model: dnnModel, fg: { class: "com.xxx.ranking.fg.DNNFg", version: "v3" }, buckets: [6, 7] },
  presence: { features: dnnFeatures, model: dnnModel, fg: { class: PRESENCE_FG.className, version: "v1" }, buckets: [8, 9] },
};

beforeAll(async () => {
  modelServer = await startQuietServer({
    models: [
      modelConfig("favpush_lr", path.join(DEMO_MODELS_DIR, "favpush_lr"), { kind: "specific", versions: [20200116] }),
      modelConfig("favpush_dnn", path.join(DEMO_MODELS_DIR, "favpush_dnn"), { kind: "specific", versions: [20200116] }),
    ],
  });
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  const { db } = database;
  await createApp(db, {
    actor: SYSTEM,
    input: { name: "favpush", bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }, { name: "goods_id", type: "int" }] },
  });
  const table = (name: string, operator: "getKV" | "getKKV", encoding: "float_vector" | "json") =>
    createFeatureTable(db, { actor: SYSTEM, input: { name, operator, storage: "builtin", encoding } });
  await table("user_tbl", "getKV", "float_vector");
  await table("goods_tbl", "getKV", "float_vector");
  await table("graph_cf_tbl", "getKKV", "json");
  const load = (t: string, rows: object[]) => loadFeatureRows(db, { actor: SYSTEM, table: t, input: { format: "jsonl", text: rows.map((r) => JSON.stringify(r)).join("\n") } });
  const v = VERSIONS.favpush_vec_v2;
  await load("user_tbl", [...USER_VEC].map(([uid, value]) => ({ key: `${uid}|${v}`, value })));
  await load("goods_tbl", [...GOODS_VEC].map(([g, value]) => ({ key: `${g}|${v}`, value })));
  await load(
    "graph_cf_tbl",
    UIDS.flatMap((u) => GOODS.flatMap((g) => (cfOf(u, g) ? [{ key: `${u}|${g}|${VERSIONS.favpush_cf_v5}`, fields: cfOf(u, g) }] : []))),
  );

  for (const { class: className, version, pkg } of DEMO_FG_PACKAGES) await publishFgVersion(db, { actor: SYSTEM, input: { className, version, package: pkg } });
  await publishFgVersion(db, { actor: SYSTEM, input: { className: "com.xxx.ranking.fg.DNNFg", version: "v3", package: DEMO_DNN_CODE_PACKAGE } });
  await publishFgVersion(db, { actor: SYSTEM, input: { className: PRESENCE_FG.className, version: "v1", package: { kind: "code", source: PRESENCE_FG.source } } });
  for (const model of ["favpush_lr", "favpush_dnn"]) {
    await registerInstance(db, { actor: SYSTEM, input: { model, address: `127.0.0.1:${modelServer.grpcPort}`, ttlSeconds: 3600 } });
  }
  center = await getConfigCenter();
  await center.publish({
    app: "favpush",
    releaseId: randomUUID(),
    document: { app_name: "favpush", solutions: Object.entries(SOLUTIONS).map(([name, s]) => ({ [name]: s })) },
    versions: VERSIONS,
  });

  token = (await issueToken(db, { actor: SYSTEM, input: { name: "training-job", scopes: ["config:read"] } })).secret;
  viewerCookie = (await createPerson(db, "viewer")).cookie;
  dir = await mkdtemp(path.join(tmpdir(), "fg-offline-online-"));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  closeTfsClients();
  await closeFeatureStores();
  await center?.close();
  await database?.close();
  await modelServer?.close();
});

/** The console as the CLI sees it over HTTP: GET routes, authenticated by the bearer token. */
const consoleFetch = async (url: string, init?: { headers?: Record<string, string> }) => {
  const u = new URL(url);
  const m = /^\/api\/v1\/fg\/classes\/([^/]+)\/versions\/([^/]+)$/.exec(u.pathname);
  const auth = init?.headers?.authorization?.replace(/^Bearer /, "");
  const res =
    u.pathname === "/api/v1/fg"
      ? await callRoute(fgList.GET as RouteHandler, u.pathname, { token: auth })
      : m
        ? await callRoute(fgVersion.GET as RouteHandler, u.pathname, { token: auth, params: { fgClass: decodeURIComponent(m[1]!), version: decodeURIComponent(m[2]!) } })
        : { status: 404, json: null };
  return { status: res.status, ok: res.status < 300, json: async () => res.json };
};

/** Pairs to score: every uid with goods that have a cf map and goods that have none, and the uid without any. */
const ORIGINS = [
  ...UIDS.slice(0, 6).flatMap((uid) => GOODS.slice(0, 3).map((goods_id) => ({ uid, goods_id }))),
  { uid: UID_WITHOUT_CF, goods_id: 500 },
  { uid: UID_WITHOUT_CF, goods_id: 511 },
];

/**
 * The featureMap of a request as DESIGN.md section 4 defines it, from the rows loaded above and
 * nothing of the console: origin, then one entry per feature of the solution, null when the
 * table has nothing for the key (the JSON line a training pipeline writes).
 */
function contractFeatureMap(solution: keyof typeof SOLUTIONS, origin: { uid: number; goods_id: number }): Record<string, unknown> {
  const fm: Record<string, unknown> = { origin, user_vec: USER_VEC.get(origin.uid) ?? null, goods_vec: GOODS_VEC.get(origin.goods_id) ?? null };
  if ("cf" in SOLUTIONS[solution].features) fm.cf = cfOf(origin.uid, origin.goods_id) ?? null;
  return fm;
}

describe("npm run fg: offline = online", () => {
  it.each([
    ["LRFg@v2", "lr"],
    ["DNNFg@v2", "dnn"],
    ["DNNFg@v3", "dnn_code"],
    [`${PRESENCE_FG.className}@v1`, "presence"],
  ] as const)("--app favpush --fg %s writes the exact bytes of the TensorIOs POST /api/v1/score computed", async (ref, solution) => {
    const online: string[] = [];
    const cfStates = new Set<unknown>();
    for (const origin of ORIGINS) {
      const res = await callRoute(scoreRoute.POST as RouteHandler, "/api/v1/score", {
        method: "POST",
        cookie: viewerCookie,
        origin: "http://console.test",
        body: { app_name: "favpush", origin, options: { solution, trace: true } },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const details = res.json.details as { featureMap: Record<string, unknown>; tensorIO: TensorIO };
      // Scoring's featureMap holds every feature of the solution, null where nothing was found.
      expect(details.featureMap).toEqual({ ...contractFeatureMap(solution, origin), online: true, log: expect.any(Object) });
      cfStates.add((res.json.log as Record<string, unknown>).cf);
      online.push(serializeTensorIO(details.tensorIO));
    }
    if (solution === "presence") expect([...cfStates].sort()).toEqual(["null", "present"]);

    const input = path.join(dir, `${solution}.in.jsonl`);
    const output = path.join(dir, `${solution}.out.jsonl`);
    await writeFile(input, ORIGINS.map((o) => JSON.stringify(contractFeatureMap(solution, o))).join("\n") + "\n");
    const logged: string[] = [];
    const resolveFg = consoleFgResolver({ baseUrl: "http://console.test", token, fetch: consoleFetch });
    const code = await main(["--app", "favpush", "--fg", ref, "--input", input, "--output", output], { resolveFg, log: (l) => logged.push(l) });
    expect(logged.join("\n")).toContain(`${ORIGINS.length} of ${ORIGINS.length} featureMap(s) written`);
    expect(code).toBe(0);
    expect(await readFile(output, "utf8")).toBe(online.join("\n") + "\n");
  });

  it("refuses clearly without a token, for an unknown class, and for an unpublished version", async () => {
    const run = async (ref: string, withToken: boolean) => {
      const logged: string[] = [];
      const resolveFg = consoleFgResolver({ baseUrl: "http://console.test", ...(withToken ? { token } : {}), fetch: consoleFetch });
      const code = await main(["--fg", ref, "--input", path.join(dir, "none"), "--output", path.join(dir, "none.out")], { resolveFg, log: (l) => logged.push(l) });
      return { code, log: logged.join("\n") };
    };
    expect(await run("LRFg@v2", false)).toEqual({ code: 2, log: expect.stringMatching(/SCORING_TOKEN/) });
    expect(await run("NoSuchFg@v1", true)).toEqual({ code: 2, log: expect.stringMatching(/No fg class named NoSuchFg/) });
    expect(await run("LRFg@v9", true)).toEqual({ code: 2, log: expect.stringMatching(/No fg package LRFg@v9 is published/) });
  });
});
