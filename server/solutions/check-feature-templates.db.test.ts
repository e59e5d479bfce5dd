import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dagDocuments, releases } from "@/db/schema";
import type { DagNode } from "@/server/contracts/dag";
import { favpushSolution, favpushSolutions } from "@/db/seed/favpush";
import { startKit, type Kit } from "./solutions-test-kit";

/**
 * docs/templates.md#errors: a template that does not parse, names an unknown table, an operator the
 * table does not serve, a field the app does not declare or an unknown version key is rejected
 * with the position and the reason, on every way a solution is saved (create, update, import).
 * The kit registers user_tbl and goods_tbl (getKV) and graph_cf_tbl (getKKV).
 */
let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(async () => kit?.close());

const draftVersion = async () => ((await kit.call("list")).json as { version: number }).version;
const create = async (features: Record<string, string>, name = "v9") =>
  kit.call("create", { body: { version: await draftVersion(), solution: favpushSolution("v2", { name, buckets: [], features }) } });
interface Refusal {
  message: string;
  details: { templates: { solution: string; feature: string; errors: { code: string; start: number; end: number; message: string }[] }[]; unknownTables?: string[] };
}
const refusal = (res: Awaited<ReturnType<typeof create>>) => res.json.error as unknown as Refusal;

describe("saving a solution refuses templates that would not run", () => {
  it.each([
    ["an unknown table", "getKV user_tbll {uid}", "unknown_table", 7, 16, /column 7: No feature table "user_tbll" is registered\. Did you mean user_tbl\?/],
    ["an operator the table does not serve", "getKKV user_tbl {uid}", "operator_not_served", 1, 7, /column 1: Table "user_tbl" serves getKV, not getKKV/],
  ])("%s: 422 naming the feature, the column and the reason, and nothing changes", async (_, template, code, start, end, message) => {
    const before = await kit.snapshot();
    const res = await create({ user_vec: template });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(refusal(res).message).toMatch(/^Invalid query template: v9 feature user_vec, /);
    expect(refusal(res).message).toMatch(message);
    expect(refusal(res).details.templates).toEqual([{ solution: "v9", feature: "user_vec", errors: [expect.objectContaining({ code, start, end })] }]);
    expect(await kit.snapshot()).toEqual(before);
  });

  it("lists every problem of every feature, and which tables to register first", async () => {
    const res = await create({ user_vec: "getKV users {uid}", goods_vec: "getKV goods {goods_id}", cf: "getKV graph_cf_tbl {uid}" });
    expect(res.status).toBe(422);
    expect(refusal(res).details.templates.map((t) => `${t.feature}:${t.errors.map((e) => e.code).join(",")}`)).toEqual([
      "user_vec:unknown_table",
      "goods_vec:unknown_table",
      "cf:operator_not_served",
    ]);
    expect(refusal(res).details.unknownTables).toEqual(["goods", "users"]);
    expect(refusal(res).message).toMatch(/Register "goods", "users" on the Feature tables page before saving solutions that read them\.$/);
  });

  it("refuses an update that breaks a template, and accepts the fixed one", async () => {
    expect((await create(favpushSolution("v1").features, "v1")).status).toBe(201);
    const update = async (features: Record<string, string>) =>
      kit.call("update", { solution: "v1", body: { version: await draftVersion(), solution: favpushSolution("v1", { buckets: [], features }) } });
    const bad = await update({ user_vec: "getKKV user_tbl {uid}" });
    expect(bad.status).toBe(422);
    expect(refusal(bad).message).toMatch(/v1 feature user_vec, column 1: Table "user_tbl" serves getKV/);
    expect((await update({ user_vec: "getKV user_tbl {uid}" })).status).toBe(200);
  });

  it("refuses to import a document that reads tables not registered yet, naming them, and imports nothing", async () => {
    const before = await kit.snapshot();
    const document = {
      app_name: "favpush",
      solutions: favpushSolutions().map(({ name, ...body }) => ({ [name]: { ...body, features: { ...body.features, ctx: "getKV ctx_tbl {uid}" } } })),
    };
    const res = await kit.call("import", { body: { version: await draftVersion(), document } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(refusal(res).message).toMatch(/^Invalid query template: v1 feature ctx, column 7: No feature table "ctx_tbl" is registered\..*; v2 feature ctx, column 7: .* Register "ctx_tbl" on the Feature tables page/);
    expect(await kit.snapshot()).toEqual(before);
  });
});

describe("version keys come from the app's version DAG", () => {
  beforeAll(async () => {
    // One release published favpush_vec_v2, so the app's version keys are known (not a warning).
    await kit.database.db.insert(releases).values({
      app: "favpush",
      seq: 1,
      author: "test",
      comment: "versions",
      document: { app_name: "favpush", solutions: [] },
      versions: { favpush_vec_v2: "20200116" },
      contentHash: "test",
      diff: { changes: [] } as unknown as typeof releases.$inferInsert.diff,
    });
    // A DAG whose output node has not produced a version yet: nothing of it is published.
    const node = (key: string, kind: DagNode["kind"], x: number): DagNode => ({ id: key, key, kind, position: { x, y: 0 }, ...(kind === "output" ? { output: { writes: "versions" as const } } : {}) });
    await kit.database.db.insert(dagDocuments).values({
      app: "favpush",
      document: { nodes: [node("vec_data", "data", 0), node("favpush_vec_v3", "output", 300)], edges: [{ id: "vec_data->favpush_vec_v3", source: "vec_data", target: "favpush_vec_v3" }] },
      updatedBy: "test",
    });
  });

  it("accepts a key of a DAG output node that was never published, and a published key", async () => {
    const res = await create({ user_vec: "getKV user_tbl {uid}|{version:favpush_vec_v3}", goods_vec: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}" }, "v10");
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  });

  it.each([
    ["a key the DAG does not have", "no_such_key", 31, 42],
    ["a data node's key (only output nodes write to the config center)", "vec_data", 31, 39],
  ])("refuses %s with its column", async (_, key, start, end) => {
    const res = await create({ user_vec: `getKV user_tbl {uid}|{version:${key}}` }, "v11");
    expect(res.status).toBe(422);
    expect(refusal(res).message).toMatch(new RegExp(`v11 feature user_vec, column ${start}: No version key "${key}" in the app's version DAG`));
    expect(refusal(res).details.templates[0]!.errors).toEqual([expect.objectContaining({ code: "unknown_version_key", start, end })]);
  });
});
