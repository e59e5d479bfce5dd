import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fgList from "@/app/api/v1/fg/route";
import * as fgVersion from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/route";
import * as scoreRoute from "@/app/api/v1/score/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { FAVPUSH_GOODS_IDS, favpushCf, favpushCfGoods, favpushSolution, favpushVector, favpushVersions } from "@/db/seed/favpush";
import { startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { SYSTEM } from "@/server/auth/actor";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { loadFeatureRows } from "@/server/feature-tables/load-feature-rows";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { serializeTensorIO, type TensorIO } from "@/server/fg/tensor-io";
import { publishFgVersion } from "@/server/fg-packages/publish-fg-version";
import { favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type RouteHandler } from "@/test/support/call-route";
import { createPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { consoleFgResolver, main } from "./fg-offline";

/**
 * Offline = online, end to end (docs/fg.md). Online is the REAL scoring path: POST
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

/** The favpush world with the rows of uids 300-305 (each with a few goods that have a cf map, most without). */
const VERSIONS = favpushVersions();
const UIDS = { from: 300, to: 305 };
/** Has a user vector (loaded by this test alone) but no row in graph_cf_tbl: the world's rows stop at UIDS.to. */
const UID_WITHOUT_CF = 399;
const loaded = (uid: number) => uid >= UIDS.from && uid <= UIDS.to;
const userVec = (uid: number) => (loaded(uid) || uid === UID_WITHOUT_CF ? favpushVector("u", uid, VERSIONS.favpush_vec_v2) : null);
const goodsVec = (goods: number) => (goods >= FAVPUSH_GOODS_IDS.from && goods <= FAVPUSH_GOODS_IDS.to ? favpushVector("g", goods, VERSIONS.favpush_vec_v2) : null);
const cfOf = (uid: number, goods: number) => (loaded(uid) ? favpushCf(uid, goods, VERSIONS.favpush_cf_v5) : null);

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

const { name: _v1, ...lr } = favpushSolution("v1");
const { name: _v2, ...dnn } = favpushSolution("v2", { buckets: [3, 4, 5] });
const { features: dnnFeatures, model: dnnModel } = dnn;
const SOLUTIONS = {
  lr,
  dnn,
  dnn_code: { features: dnnFeatures, model: dnnModel, fg: { class: "com.xxx.ranking.fg.DNNFg", version: "v3" }, buckets: [6, 7] },
  presence: { features: dnnFeatures, model: dnnModel, fg: { class: PRESENCE_FG.className, version: "v1" }, buckets: [8, 9] },
};

beforeAll(async () => {
  modelServer = await startQuietServer({ models: favpushModelConfigs() });
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  const { db } = database;
  await seedFavpushWorld(db, { parts: ["app", "tables", "rows", "fg", "instances"], uids: UIDS, modelAddress: `127.0.0.1:${modelServer.grpcPort}` });
  const extraUser = { key: `${UID_WITHOUT_CF}|${VERSIONS.favpush_vec_v2}`, value: userVec(UID_WITHOUT_CF) };
  await loadFeatureRows(db, { actor: SYSTEM, table: "user_tbl", input: { format: "jsonl", text: JSON.stringify(extraUser) } });
  await publishFgVersion(db, { actor: SYSTEM, input: { className: PRESENCE_FG.className, version: "v1", package: { kind: "code", source: PRESENCE_FG.source } } });
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
  ...Array.from({ length: UIDS.to - UIDS.from + 1 }, (_, i) => UIDS.from + i).flatMap((uid) => {
    const [a, b] = favpushCfGoods(uid);
    const none = FAVPUSH_GOODS_IDS.from + [0, 1, 2, 3, 4, 5].find((k) => !favpushCfGoods(uid).includes(FAVPUSH_GOODS_IDS.from + k))!;
    return [a!, b!, none].map((goods_id) => ({ uid, goods_id }));
  }),
  { uid: UID_WITHOUT_CF, goods_id: FAVPUSH_GOODS_IDS.from },
  { uid: UID_WITHOUT_CF, goods_id: FAVPUSH_GOODS_IDS.to },
];

/**
 * The featureMap of a request as docs/fg.md defines it, from the rows loaded above and
 * nothing of the console: origin, then one entry per feature of the solution, null when the
 * table has nothing for the key (the JSON line a training pipeline writes).
 */
function contractFeatureMap(solution: keyof typeof SOLUTIONS, origin: { uid: number; goods_id: number }): Record<string, unknown> {
  const fm: Record<string, unknown> = { origin, user_vec: userVec(origin.uid), goods_vec: goodsVec(origin.goods_id) };
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
