import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf } from "@/sdk/src/core/bucketing";
import { DEMO_FG_PACKAGES, FAVPUSH_MODEL_VERSION, favpushArticleDocument, favpushVersions } from "@/db/seed/favpush";
import { createMemoryStore } from "@/server/feature-tables/stores/memory-store";
import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { closedPort, startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { runScoring } from "./run-scoring";
import { expectedDnn as dnnScore, expectedLr as lrScore, favpushModelConfigs } from "./test-support/demo-scores";
import type { ScoringDeps } from "./scoring-types";

const FIXTURE = favpushArticleDocument();
const VERSIONS = favpushVersions();
const { favpush_vec_v2: VEC, favpush_cf_v5: CF } = VERSIONS;

const user = [0.1, -0.2, 0.3, 0.05, -0.4, 0.2, 0.0, 0.15];
const goods = [0.3, 0.1, -0.1, 0.2, 0.25, -0.3, 0.4, -0.05];

let server: RunningModelServer;
let stores: Record<string, FeatureStore>;
let address: string;

function deps(overrides: Partial<ScoringDeps> = {}): ScoringDeps {
  return {
    loadConfig: async (app, source) => ({
      app: { name: app, bucketCount: 10, hashKey: "uid", salt: app },
      solutions: parseSolutionsDocument(FIXTURE).solutions,
      versions: VERSIONS,
      source,
      revision: 1,
    }),
    openStore: async (table) => {
      const s = stores[table];
      if (!s) throw Object.assign(new Error(`no table ${table}`), {});
      return s;
    },
    resolveFg: async (cls, version) => DEMO_FG_PACKAGES.find((p) => p.class === cls && p.version === version)?.pkg ?? null,
    instances: async () => [address],
    ...overrides,
  };
}

beforeAll(async () => {
  server = await startQuietServer({
    models: favpushModelConfigs(),
  });
  address = `127.0.0.1:${server.grpcPort}`;
  stores = {
    user_tbl: createMemoryStore({ table: "user_tbl", encoding: "float_vector" }),
    goods_tbl: createMemoryStore({ table: "goods_tbl", encoding: "float_vector" }),
    graph_cf_tbl: createMemoryStore({ table: "graph_cf_tbl", encoding: "json" }),
  };
  await stores.user_tbl!.putKV(`234|${VEC}`, user);
  await stores.goods_tbl!.putKV(`123|${VEC}`, goods);
  await stores.graph_cf_tbl!.putKKV(`234|123|${CF}`, { score: 3 });
});

afterAll(async () => {
  closeTfsClients();
  await server?.close();
});

const origin = { uid: 234, goods_id: 123 };

describe("runScoring over the dev model server", () => {
  it("scores favpush v1 (LR) with the number the model must give", async () => {
    const r = await runScoring(deps(), { app_name: "favpush", origin, options: { solution: "v1", trace: true } });
    expect(r.solution).toBe("v1");
    expect(r.model).toMatchObject({ name: "favpush_lr", version: FAVPUSH_MODEL_VERSION, instance: address });
    expect(r.outputs.y!.values[0]).toBeCloseTo(lrScore(user, goods), 5);
    expect(r.trace!.map((s) => s.stage)).toEqual(["config", "bucket", "solution", "features", "featureMap", "fg", "predict"]);
    expect(r.details!.queries.map((q) => q.key)).toEqual([`234|${VEC}`, `123|${VEC}`]);
  });

  it("scores favpush v2 (DNN) including the getKKV feature", async () => {
    const r = await runScoring(deps(), { app_name: "favpush", origin, options: { solution: "v2" } });
    expect(r.outputs.y!.values[0]).toBeCloseTo(dnnScore(user, goods, 3), 5);
    expect(r.trace).toBeUndefined();
  });

  it("picks the solution by the bucket of the hash key", async () => {
    const r = await runScoring(deps(), { app_name: "favpush", origin });
    const bucket = bucketOf({ salt: "favpush", keyValue: 234, bucketCount: 10 });
    expect(r.bucket).toBe(bucket);
    expect(r.solution).toBe(bucket <= 2 ? "v1" : "v2");
  });

  it("reports a missing feature and lets the fg decide", async () => {
    const r = await runScoring(deps(), { app_name: "favpush", origin: { uid: 234, goods_id: 999 }, options: { solution: "v2" } }).catch((e) => e);
    // goods 999 has no vector: DNNFg has no default for it, so the fg refuses (422), naming the path.
    expect(r).toMatchObject({ status: 422, details: { stage: "fg" } });
    expect(r.details.trace.find((s: { stage: string }) => s.stage === "featureMap").output.log.missing_features).toEqual(expect.arrayContaining(["goods_vec", "cf"]));
  });

  it.each([
    ["origin without the hash key", { app_name: "favpush", origin: { goods_id: 1 } }, 400, "bucket"],
    ["origin without a template field", { app_name: "favpush", origin: { uid: 234 }, options: { solution: "v1" } }, 400, "features"],
    ["unknown forced solution", { app_name: "favpush", origin, options: { solution: "v9" } }, 404, "solution"],
    ["bucket out of range", { app_name: "favpush", origin, options: { bucket: 10 } }, 400, "bucket"],
  ] as const)("fails clearly on %s", async (_, req, status, stage) => {
    const e = await runScoring(deps(), req).catch((x) => x);
    expect(e).toMatchObject({ status, details: { stage } });
    expect(e.message).toMatch(new RegExp(`^${stage}: `));
  });

  it("502s a feature table that does not answer, naming the table", async () => {
    const refused = async (): Promise<never> => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:1");
    };
    const broken: FeatureStore = { ...stores.goods_tbl!, getKV: refused, getKVMany: refused };
    const e = await runScoring(deps({ openStore: async (t) => (t === "goods_tbl" ? broken : stores[t]!) }), { app_name: "favpush", origin, options: { solution: "v1" } }).catch((x) => x);
    expect(e).toMatchObject({ status: 502, details: { stage: "features", reason: { table: "goods_tbl" } } });
  });

  it("503s without a registered instance, and skips an instance that does not answer", async () => {
    const none = await runScoring(deps({ instances: async () => [] }), { app_name: "favpush", origin, options: { solution: "v1" } }).catch((x) => x);
    expect(none).toMatchObject({ status: 503, details: { stage: "predict" } });
    const dead = `127.0.0.1:${await closedPort()}`;
    const r = await runScoring(deps({ instances: async () => [dead, address] }), { app_name: "favpush", origin, options: { solution: "v1", trace: true } });
    expect(r.model.instance).toBe(address);
  });

  it("maps TF Serving errors: an unknown model version is a 404 from the predict stage", async () => {
    const e = await runScoring(
      deps({ loadConfig: async (app, source) => ({ ...(await deps().loadConfig(app, source)), versions: { ...VERSIONS, favpush_lr_v1: "1999" } }) }),
      { app_name: "favpush", origin, options: { solution: "v1" } },
    ).catch((x) => x);
    expect(e).toMatchObject({ status: 404, details: { stage: "predict" } });
  });
});
