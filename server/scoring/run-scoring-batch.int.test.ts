import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FG_PACKAGES, FAVPUSH_MODEL_VERSION, favpushArticleDocument, favpushVersions } from "@/db/seed/favpush";
import { createMemoryStore } from "@/server/feature-tables/stores/memory-store";
import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { modelSignatureOf } from "./model-signatures";
import { runScoring } from "./run-scoring";
import { expectedDnn, expectedLr, favpushModelConfigs } from "./test-support/demo-scores";
import type { ScoringDeps } from "./scoring-types";

/**
 * A real batch through the console's wiring against the dev model server: favpush's models have
 * a batch dimension ([-1, n] inputs), so the items go as ONE stacked Predict, and every item's
 * outputs, featureMap and log equal what a single request for that item gives.
 */
const VERSIONS = favpushVersions();
const { favpush_vec_v2: VEC, favpush_cf_v5: CF } = VERSIONS;
const user = [0.1, -0.2, 0.3, 0.05, -0.4, 0.2, 0.0, 0.15];
const goods: Record<number, number[]> = {
  123: [0.3, 0.1, -0.1, 0.2, 0.25, -0.3, 0.4, -0.05],
  124: [-0.2, 0.4, 0.1, -0.3, 0.05, 0.15, -0.25, 0.3],
  125: [0.05, -0.05, 0.35, 0.1, -0.15, 0.2, 0.1, -0.4],
};
const cf: Record<number, number> = { 123: 3, 125: 0.5 };

let server: RunningModelServer;
let stores: Record<string, FeatureStore>;
let address: string;

function deps(): ScoringDeps {
  return {
    loadConfig: async (app, source) => ({
      app: { name: app, bucketCount: 10, hashKey: "uid", salt: app },
      solutions: parseSolutionsDocument(favpushArticleDocument()).solutions,
      versions: VERSIONS,
      source,
      revision: 1,
    }),
    openStore: async (table) => stores[table]!,
    resolveFg: async (cls, version) => DEMO_FG_PACKAGES.find((p) => p.class === cls && p.version === version)?.pkg ?? null,
    instances: async () => [address],
  };
}

beforeAll(async () => {
  server = await startQuietServer({ models: favpushModelConfigs() });
  address = `127.0.0.1:${server.grpcPort}`;
  stores = {
    user_tbl: createMemoryStore({ table: "user_tbl", encoding: "float_vector" }),
    goods_tbl: createMemoryStore({ table: "goods_tbl", encoding: "float_vector" }),
    graph_cf_tbl: createMemoryStore({ table: "graph_cf_tbl", encoding: "json" }),
  };
  await stores.user_tbl!.putKV(`234|${VEC}`, user);
  for (const [id, v] of Object.entries(goods)) await stores.goods_tbl!.putKV(`${id}|${VEC}`, v);
  for (const [id, score] of Object.entries(cf)) await stores.graph_cf_tbl!.putKKV(`234|${id}|${CF}`, { score });
});

afterAll(async () => {
  closeTfsClients();
  await server?.close();
});

const ids = [123, 124, 125];

describe("batch scoring over the dev model server", () => {
  it("has a batch dimension in favpush's model signatures", async () => {
    expect(await modelSignatureOf(deps().instances, { name: "favpush_lr", version: FAVPUSH_MODEL_VERSION })).toEqual({ inputs: { x: { dtype: "DT_FLOAT", shape: [-1, 16] } } });
    const dnn = await modelSignatureOf(deps().instances, { name: "favpush_dnn", version: FAVPUSH_MODEL_VERSION });
    expect(dnn!.inputs.cf).toEqual({ dtype: "DT_FLOAT", shape: [-1, 1] });
  });

  it.each(["v1", "v2"] as const)("stacks favpush %s into one Predict that answers what one Predict per item does", async (solution) => {
    const batch = await runScoring(deps(), { app_name: "favpush", origin: { uid: 234 }, items: ids.map((goods_id) => ({ goods_id })), options: { solution, trace: true } });
    expect(batch.predict).toEqual({ mode: "stacked", calls: 1 });
    expect(batch.details!.predictRequests).toHaveLength(1);
    for (const [i, goods_id] of ids.entries()) {
      const single = await runScoring(deps(), { app_name: "favpush", origin: { uid: 234, goods_id }, options: { solution, trace: true } });
      const item = batch.items[i]!;
      expect(item).toEqual({ index: i, outputs: single.outputs, log: single.log });
      expect(batch.details!.featureMaps[i]).toEqual(single.details!.featureMap);
      expect(batch.details!.tensorIOs[i]).toEqual(single.details!.tensorIO);
    }
    const scores = batch.items.map((it) => ("outputs" in it ? it.outputs.y!.values[0] : null));
    const expected = ids.map((id) => (solution === "v1" ? expectedLr(user, goods[id]!) : expectedDnn(user, goods[id]!, cf[id] ?? 0)));
    scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 5));
  });

  it("gives an item whose goods vector is missing its own fg error; the others still go as one stacked Predict", async () => {
    const r = await runScoring(deps(), { app_name: "favpush", origin: { uid: 234 }, items: [{ goods_id: 123 }, { goods_id: 999 }, { goods_id: 125 }], options: { solution: "v2" } });
    expect(r.items[1]).toMatchObject({ index: 1, error: { stage: "fg", status: 422 } });
    expect(r.predict).toEqual({ mode: "stacked", calls: 1 });
    expect("outputs" in r.items[2]! && r.items[2].outputs.y!.values[0]).toBeCloseTo(expectedDnn(user, goods[125]!, 0.5), 5);
  });

  it("refuses empty items and an item field that is an origin field as the console's 400", async () => {
    await expect(runScoring(deps(), { app_name: "favpush", origin: { uid: 234 }, items: [] })).rejects.toMatchObject({ status: 400, code: "bad_request" });
    await expect(runScoring(deps(), { app_name: "favpush", origin: { uid: 234 }, items: [{ uid: 1 }] })).rejects.toMatchObject({ status: 400, details: { field: "uid" } });
  });
});
