import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { TensorIO } from "@/server/contracts/fg";
import type { Solution } from "@/server/contracts/solutions";
import { getDag } from "@/server/dag/documents/get-dag";
import { renderTemplateText } from "@/sdk/src/core/template/render-template";
import { listFeatureTables } from "@/server/feature-tables/list-feature-tables";
import { openFeatureStore } from "@/server/feature-tables/open-feature-store";
import { resolveFgPackage } from "@/server/fg-packages/get-fg-version";
import { runFg } from "@/server/fg/run-fg";
import { listModels } from "@/server/models/list-models";
import { getLatestContent } from "@/server/releases/get-latest-content";
import { listSampleRequests } from "@/server/samples/list-sample-requests";
import { getSolutionsDraft } from "@/server/solutions/get-solutions-draft";
import { loadJsonModel } from "@/model-server/json-model";
import type { ServerTensor } from "@/model-server/server-tensor";
import { createTestDatabase } from "@/test/support/test-db";
import {
  demoModels,
  FAVPUSH_FEATURE_VERSIONS,
  FAVPUSH_MODEL_VERSION,
  favpushArticleDocument,
  favpushCf,
  favpushCfGoods,
  favpushSampleRequests,
  favpushSolutions,
  favpushVector,
  favpushVersions,
} from "./favpush";
import { seedFavpushWorld } from "./seed-favpush-world";

const MODELS = path.resolve(import.meta.dirname, "../../model-server/demo-models");
const HOOKS = { load: "http://127.0.0.1:9/load", validate: "http://127.0.0.1:9/validate" };

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedFavpushWorld(database.db, { modelsRoot: MODELS, hooks: HOOKS });
}, 120_000);
afterAll(async () => database?.close());

/** What scoring does for one solution: render every template, look it up, put the value under the feature's name. */
async function featureMapOf(solution: Solution, origin: Record<string, unknown>, versions: Record<string, string>) {
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
  const servable = loadJsonModel(readFileSync(path.join(MODELS, model, String(FAVPUSH_MODEL_VERSION), "model.json"), "utf8"));
  const inputs: Record<string, ServerTensor> = Object.fromEntries(
    io.inputs.map((t) => [t.name, { dtype: "DT_FLOAT", shape: t.shape, values: t.values as number[] } satisfies ServerTensor]),
  );
  const sig = servable.signatures.serving_default!;
  expect(Object.keys(sig.def.inputs).sort()).toEqual(io.inputs.map((t) => t.name).sort());
  expect(Object.keys(sig.def.outputs)).toEqual(io.outputs.map((o) => o.name));
  const out = sig.run!(inputs);
  return out[io.outputs[0]!.name]!.values as number[];
}

describe("the demo world", () => {
  it("is the project's shared copy of the articles' document, misplaced buckets included", () => {
    const file = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/favpush.solutions.json"), "utf8")) as unknown;
    expect(favpushArticleDocument()).toEqual(file);
  });

  it("registers the three tables with rows under every demo version", async () => {
    const byName = Object.fromEntries((await listFeatureTables(database.db)).map((t) => [t.name, t]));
    expect(byName.user_tbl).toMatchObject({ operator: "getKV", storage: "builtin", encoding: "float_vector", keys: 800 });
    expect(byName.goods_tbl).toMatchObject({ operator: "getKV", keys: 600 });
    expect(byName.graph_cf_tbl).toMatchObject({ operator: "getKKV", encoding: "json" });
    const users = await openFeatureStore(database.db, "user_tbl");
    for (const v of FAVPUSH_FEATURE_VERSIONS.favpush_vec_v2) expect(await users.getKV(`234|${v}`)).toEqual(favpushVector("u", 234, v));
    expect(await users.getKV("234|19990101")).toBeNull();
  });

  it("holds a cf map for each uid's cf goods, the pair 234|123 among them", async () => {
    const cf = await openFeatureStore(database.db, "graph_cf_tbl");
    const goods = favpushCfGoods(17);
    expect(goods.length).toBeGreaterThanOrEqual(5);
    const version = favpushVersions().favpush_cf_v5;
    expect(await cf.getKKV(`17|${goods[0]}|${version}`)).toEqual(favpushCf(17, goods[0]!, version));
    expect(favpushCfGoods(234)).toContain(123);
  });

  it.each(favpushSolutions().map((s) => [s.name, s] as const))("lets solution %s score uid 234 / goods 123 end to end", async (_name, solution) => {
    const { fm, found } = await featureMapOf(solution, { uid: 234, goods_id: 123 }, favpushVersions());
    expect(Object.values(found).every(Boolean)).toBe(true);
    const pkg = await resolveFgPackage(database.db, solution.fg.class, solution.fg.version);
    const [p] = predictWithDemoModel(solution.model.name, await runFg(pkg!, fm));
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it("DNNFg@v3 (code) gives exactly the TensorIO of DNNFg@v2 (declarative), with and without a cf map", async () => {
    const v2 = (await resolveFgPackage(database.db, "com.xxx.ranking.fg.DNNFg", "v2"))!;
    const v3 = (await resolveFgPackage(database.db, "com.xxx.ranking.fg.DNNFg", "v3"))!;
    expect([v2.kind, v3.kind]).toEqual(["declarative", "code"]);
    const solution = favpushSolutions()[1]!;
    for (const origin of [{ uid: 234, goods_id: 123 }, { uid: 5, goods_id: 398 }]) {
      const a = await featureMapOf(solution, origin, favpushVersions());
      const b = await featureMapOf(solution, origin, favpushVersions());
      expect(await runFg(v3, b.fm)).toEqual(await runFg(v2, a.fm));
      expect(b.fm.log).toEqual(a.fm.log);
    }
  });

  it("registers the demo models at their folders", async () => {
    const models = await listModels(database.db);
    expect(models.map((m) => m.name).sort()).toEqual(demoModels().map((m) => m.name).sort());
  });

  it("gives favpush v1 on buckets 0-2 and v2 on 3-9, and publishes them with the version map as the first release", async () => {
    expect(await getSolutionsDraft(database.db, "favpush")).toMatchObject({ version: 1, solutions: favpushSolutions(), split: { ok: true } });
    const released = await getLatestContent(database.db, "favpush");
    expect(released?.versions).toEqual(favpushVersions());
    expect(released?.document).toMatchObject({ app_name: "favpush", solutions: [{ v1: { buckets: [0, 1, 2] } }, { v2: { buckets: [3, 4, 5, 6, 7, 8, 9] } }] });
  });

  it("holds favpush's demo sample requests, each finding every feature of both solutions", async () => {
    const samples = await listSampleRequests(database.db, "favpush");
    expect(samples.map((s) => [s.name, s.origin, s.source])).toEqual(favpushSampleRequests().map((s) => [s.name, s.origin, "demo"]));
    for (const solution of favpushSolutions()) {
      for (const s of samples) expect(Object.values((await featureMapOf(solution, s.origin, favpushVersions())).found), `${solution.name} ${s.name}`).not.toContain(false);
    }
  });

  it("saves the demo DAG with the hooks given and the online versions on its data nodes", async () => {
    const dag = await getDag(database.db, "favpush");
    expect(JSON.stringify(dag)).toContain(HOOKS.load);
  });
});
