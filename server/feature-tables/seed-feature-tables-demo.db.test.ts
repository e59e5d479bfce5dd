import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { TensorIO } from "@/server/contracts/fg";
import { renderTemplateText } from "@/sdk/src/core/template/render-template";
import { resolveFgPackage } from "@/server/fg-packages/get-fg-version";
import { runFg } from "@/server/fg/run-fg";
import { FAVPUSH_SOLUTIONS } from "@/server/solutions/favpush-fixture";
import { createTestDatabase } from "@/test/support/test-db";
import { loadJsonModel } from "@/model-server/json-model";
import type { ServerTensor } from "@/model-server/server-tensor";
import { openFeatureStore } from "./open-feature-store";
import { DEMO_FEATURE_VERSIONS, DEMO_ONLINE_VERSIONS, demoCfGoods, demoVector, seedFeatureTablesDemo } from "./seed-feature-tables-demo";
import { listFeatureTables } from "./list-feature-tables";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedFeatureTablesDemo(database.db);
}, 120_000);
afterAll(async () => database?.close());

/** What scoring does for one solution: render every template, look it up, put the value under the feature's name. */
async function featureMapOf(solution: (typeof FAVPUSH_SOLUTIONS)[number], origin: Record<string, unknown>, versions: Record<string, string>) {
  const fm: Record<string, unknown> = { origin, online: true, log: {} };
  const found: Record<string, boolean> = {};
  for (const [feature, template] of Object.entries(solution.features)) {
    const q = renderTemplateText(template, origin, (k) => versions[k]);
    const store = await openFeatureStore(database.db, q.table);
    const value = q.operator === "getKV" ? await store.getKV(q.key) : await store.getKKV(q.key);
    found[feature] = value !== null;
    fm[feature] = value;
  }
  return { fm: fm as Parameters<typeof runFg>[1], found };
}

/** Runs a TensorIO through the dev model server's own model.json of the demo model, as Predict would. */
function predictWithDemoModel(model: string, io: TensorIO): number[] {
  const file = path.resolve("model-server/demo-models", model, "20200116", "model.json");
  const servable = loadJsonModel(readFileSync(file, "utf8"));
  const inputs: Record<string, ServerTensor> = Object.fromEntries(
    io.inputs.map((t) => [t.name, { dtype: "DT_FLOAT", shape: t.shape, values: t.values as number[] } satisfies ServerTensor]),
  );
  const sig = servable.signatures.serving_default!;
  expect(Object.keys(sig.def.inputs).sort()).toEqual(io.inputs.map((t) => t.name).sort());
  expect(Object.keys(sig.def.outputs)).toEqual(io.outputs.map((o) => o.name));
  const out = sig.run!(inputs);
  return out[io.outputs[0]!.name]!.values as number[];
}

describe("seedFeatureTablesDemo", () => {
  it("registers the three demo tables with rows under every demo version", async () => {
    const tables = await listFeatureTables(database.db);
    const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
    expect(byName.user_tbl).toMatchObject({ operator: "getKV", storage: "builtin", encoding: "float_vector", keys: 800 });
    expect(byName.goods_tbl).toMatchObject({ operator: "getKV", keys: 600 });
    expect(byName.graph_cf_tbl).toMatchObject({ operator: "getKKV", encoding: "json" });
    const users = await openFeatureStore(database.db, "user_tbl");
    for (const v of DEMO_FEATURE_VERSIONS.favpush_vec_v2) expect(await users.getKV(`234|${v}`)).toEqual(demoVector("u", 234, v));
    expect(await users.getKV("234|19990101")).toBeNull();
  });

  it.each(FAVPUSH_SOLUTIONS.map((s) => [s.name, s] as const))("lets solution %s score uid 234 / goods 123 end to end", async (_name, solution) => {
    const { fm, found } = await featureMapOf(solution, { uid: 234, goods_id: 123 }, DEMO_ONLINE_VERSIONS);
    expect(Object.values(found).every(Boolean)).toBe(true);
    const pkg = await resolveFgPackage(database.db, solution.fg.class, solution.fg.version);
    expect(pkg).not.toBeNull();
    const io = await runFg(pkg!, fm);
    const [p] = predictWithDemoModel(solution.model.name, io);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it("finds vectors for every demo uid and goods id, and a cf map for each uid's cf goods", async () => {
    const cf = await openFeatureStore(database.db, "graph_cf_tbl");
    const goods = demoCfGoods(17);
    expect(goods.length).toBeGreaterThanOrEqual(5);
    expect(await cf.getKKV(`17|${goods[0]}|${DEMO_ONLINE_VERSIONS.favpush_cf_v5}`)).toEqual({ score: expect.any(Number), co_clicks: expect.any(Number) });
    expect(demoCfGoods(234)).toContain(123);
  });

  it("DNNFg@v3 (code) gives exactly the TensorIO of DNNFg@v2 (declarative), with and without a cf map", async () => {
    const v2 = (await resolveFgPackage(database.db, "com.xxx.ranking.fg.DNNFg", "v2"))!;
    const v3 = (await resolveFgPackage(database.db, "com.xxx.ranking.fg.DNNFg", "v3"))!;
    expect([v2.kind, v3.kind]).toEqual(["declarative", "code"]);
    const solution = FAVPUSH_SOLUTIONS[1]!;
    for (const origin of [{ uid: 234, goods_id: 123 }, { uid: 5, goods_id: 398 }]) {
      const a = await featureMapOf(solution, origin, DEMO_ONLINE_VERSIONS);
      const b = await featureMapOf(solution, origin, DEMO_ONLINE_VERSIONS);
      expect(await runFg(v3, b.fm)).toEqual(await runFg(v2, a.fm));
      expect(b.fm.log).toEqual(a.fm.log);
    }
  });

  it("does nothing the second time", async () => {
    await seedFeatureTablesDemo(database.db);
    const tables = await listFeatureTables(database.db);
    expect(tables.filter((t) => t.name === "user_tbl")).toHaveLength(1);
  });
});
