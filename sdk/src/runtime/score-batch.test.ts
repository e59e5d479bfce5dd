import { describe, expect, it, vi } from "vitest";
import { createScoringRuntime } from "./create-runtime";
import type { FeatureTableReader, ModelSignature, ScoringPorts } from "./ports";
import { ScoringError } from "./scoring-error";
import type { BatchScoreResult, PredictRequest, ScoreRequest, TensorIO } from "./types";

/**
 * Batch scoring over in-memory ports: one user (uid) against goods items. user_vec is an origin
 * template (queried once), goods_vec and cf use the item's goods_id (queried per item). The fg
 * builds x = [user, goods, cf] as [1,3]; the model answers y = the sum of each row.
 */
const solution = {
  name: "s1",
  features: { user_vec: "getKV user_tbl {uid}", goods_vec: "getKV goods_tbl {goods_id}", cf: "getKKV cf_tbl {uid}|{goods_id}" },
  model: { name: "m", version: "mv" },
  fg: { class: "F", version: "1" },
  buckets: [0],
};
const rows: Record<string, Record<string, unknown>> = {
  user_tbl: { "1": 10 },
  goods_tbl: { "101": 1, "102": 2, "103": 3 },
  cf_tbl: { "1|101": 0.5, "1|103": 0.25 },
};
const BATCHED: ModelSignature = { inputs: { x: { dtype: "DT_FLOAT", shape: [-1, 3] } } };

const sum = (xs: unknown[]) => xs.reduce<number>((a, x) => a + (x as number), 0);

function fg(fm: Record<string, unknown>): TensorIO {
  if (fm.goods_vec === null) throw new ScoringError("unprocessable", "goods_vec is missing and has no default");
  return { inputs: [{ name: "x", dtype: "float", shape: [1, 3], values: [fm.user_vec as number, fm.goods_vec as number, (fm.cf as number | null) ?? 0] }], outputs: [{ name: "y" }] };
}

/** The model: y = the sum of each row of x ([rows, 3] -> [rows, 1]). */
function model(request: PredictRequest) {
  const x = request.inputs.x!;
  const rowsOf = x.shape[0]!;
  const width = x.values.length / rowsOf;
  const y = Array.from({ length: rowsOf }, (_, r) => sum(x.values.slice(r * width, (r + 1) * width)));
  return { model: request.model, outputs: { y: { dtype: "DT_FLOAT", shape: [rowsOf, 1], values: new Float32Array(y) } } };
}

interface Recorded {
  predicts: PredictRequest[];
  many: { table: string; keys: string[] }[];
  single: { table: string; key: string }[];
}

function ports(overrides: Partial<ScoringPorts> = {}, opts: { many?: boolean } = {}): ScoringPorts & { recorded: Recorded } {
  const recorded: Recorded = { predicts: [], many: [], single: [] };
  const get = (table: string) => async (key: string) => {
    recorded.single.push({ table, key });
    return rows[table]?.[key] ?? null;
  };
  const getMany = (table: string) => async (keys: string[]) => {
    recorded.many.push({ table, keys });
    return keys.map((k) => rows[table]?.[k] ?? null);
  };
  return {
    recorded,
    loadConfig: async (app, source) => ({ app: { name: app, bucketCount: 1, hashKey: "uid", salt: app }, solutions: [solution], versions: { mv: "7" }, source, revision: 3 }),
    openTable: async (table) => {
      const reader: FeatureTableReader = { getKV: get(table), getKKV: get(table) };
      if (opts.many !== false) Object.assign(reader, { getKVMany: getMany(table), getKKVMany: getMany(table) });
      return reader;
    },
    fetchFg: async () => ({}),
    runFg: async (_pkg, fm) => fg(fm),
    modelSignature: async () => BATCHED,
    instances: async () => ["a:1"],
    predict: async (_i, request) => {
      recorded.predicts.push(request);
      return model(request);
    },
    ...overrides,
  };
}

const items = [{ goods_id: 101 }, { goods_id: 102 }, { goods_id: 103 }];
type BatchRequest = ScoreRequest & { items: Record<string, unknown>[] };
const batch = (extra: Partial<BatchRequest> = {}): BatchRequest => ({ app_name: "demo", origin: { uid: 1 }, ...extra, items: extra.items ?? items });
const failure = (p: Promise<unknown>) => p.then(() => expect.fail("scoring should have failed"), (e: unknown) => e as ScoringError);
const scoreOf = (r: BatchScoreResult, i: number) => {
  const item = r.items[i]!;
  if (!("outputs" in item)) throw new Error(`item ${i} failed: ${JSON.stringify(item.error)}`);
  return item.outputs.y!.values[0];
};

describe("batch scoring: one user against many items", () => {
  it("stacks the items into one Predict and splits the outputs back per item, in request order", async () => {
    const p = ports();
    const r = await createScoringRuntime(p).score({ ...batch(), options: { trace: true } });
    expect(r.predict).toEqual({ mode: "stacked", calls: 1 });
    expect(p.recorded.predicts).toHaveLength(1);
    expect(p.recorded.predicts[0]!.inputs.x).toEqual({ dtype: "float", shape: [3, 3], values: [10, 1, 0.5, 10, 2, 0, 10, 3, 0.25] });
    expect(r.items.map((i) => i.index)).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((i) => scoreOf(r, i))).toEqual([11.5, 12, 13.25]);
    expect(r.items[1]).toEqual({ index: 1, outputs: { y: { dtype: "DT_FLOAT", shape: [1, 1], values: [12] } }, log: { missing_features: ["cf"] } });
    expect(r).toMatchObject({ app: "demo", bucket: 0, solution: "s1", model: { name: "m", version: 7, instances: ["a:1"] } });
    expect(r.trace!.map((s) => s.stage)).toEqual(["config", "bucket", "solution", "features", "featureMap", "fg", "predict"]);
    expect(r.trace!.find((s) => s.stage === "predict")!.output).toMatchObject({ plan: { mode: "stacked", calls: 1 }, instances: ["a:1"] });
    // Item i's featureMap: the request's origin plus item i's fields.
    expect(r.details!.featureMaps[2]).toEqual({ user_vec: 10, goods_vec: 3, cf: 0.25, origin: { uid: 1, goods_id: 103 }, online: true, log: {} });
    expect(r.details!.tensorIOs).toHaveLength(3);
    expect(r.details!.predictRequests).toHaveLength(1);
    expect(r.details!.queries.filter((q) => q.item === undefined).map((q) => q.feature)).toEqual(["user_vec"]);
    expect(r.details!.queries.filter((q) => q.item === 2).map((q) => q.key)).toEqual(["103", "1|103"]);
  });

  it("gives the same outputs stacked as one Predict per item", async () => {
    const stacked = await createScoringRuntime(ports()).score(batch());
    const perItem = await createScoringRuntime(ports({ modelSignature: undefined })).score(batch());
    expect(perItem.predict).toEqual({ mode: "per-item", calls: 3, reason: "no signature: the runtime has no modelSignature port" });
    expect(perItem.items).toEqual(stacked.items);
  });

  it("queries an origin template once and each item table in one round trip, repeated keys once", async () => {
    const p = ports();
    await createScoringRuntime(p).score(batch({ items: [...items, { goods_id: 101 }] }));
    expect(p.recorded.single).toEqual([{ table: "user_tbl", key: "1" }]);
    expect(p.recorded.many).toEqual([
      { table: "goods_tbl", keys: ["101", "102", "103"] },
      { table: "cf_tbl", keys: ["1|101", "1|102", "1|103"] },
    ]);
  });

  it("asks key by key, concurrently, when a table has no Many method", async () => {
    const p = ports({}, { many: false });
    const r = await createScoringRuntime(p).score({ ...batch(), options: { trace: true } });
    expect(p.recorded.many).toEqual([]);
    expect(p.recorded.single).toHaveLength(1 + 3 + 3);
    expect([0, 1, 2].map((i) => scoreOf(r, i))).toEqual([11.5, 12, 13.25]);
    expect(r.trace!.find((s) => s.stage === "features")!.output).toMatchObject({ perRequest: ["user_vec"], perItem: ["goods_vec", "cf"] });
  });

  it("refuses empty items (400), more than the cap (422 naming it), an item that is not an object and an item field that is an origin field (400)", async () => {
    const runtime = createScoringRuntime(ports());
    expect(await failure(runtime.score(batch({ items: [] })))).toMatchObject({ status: 400, code: "bad_request" });
    const over = await failure(createScoringRuntime(ports(), { maxItems: 2 }).score(batch()));
    expect(over).toMatchObject({ status: 422, code: "unprocessable", details: { cap: 2, count: 3 } });
    expect(over.message).toMatch(/more than the 2 /);
    const overDefault = await failure(runtime.score(batch({ items: Array.from({ length: 201 }, (_, i) => ({ goods_id: i })) })));
    expect(overDefault.message).toMatch(/more than the 200 /);
    const notObject = await failure(runtime.score(batch({ items: [{ goods_id: 1 }, 7 as unknown as Record<string, unknown>] })));
    expect(notObject).toMatchObject({ status: 400, details: { index: 1 } });
    expect(notObject.message).toMatch(/items\[1\]/);
    const clash = await failure(runtime.score(batch({ items: [{ goods_id: 1, uid: 2 }] })));
    expect(clash).toMatchObject({ status: 400, details: { field: "uid", index: 0 } });
    expect(clash.message).toMatch(/"uid"/);
  });

  it("gives an item whose features are missing its own error (the fg refused it); the others score", async () => {
    const r = await createScoringRuntime(ports()).score(batch({ items: [{ goods_id: 101 }, { goods_id: 999 }, { goods_id: 103 }] }));
    expect(r.items[1]).toEqual({ index: 1, error: { code: "unprocessable", status: 422, stage: "fg", message: "goods_vec is missing and has no default" } });
    expect([scoreOf(r, 0), scoreOf(r, 2)]).toEqual([11.5, 13.25]);
    expect(r.predict).toEqual({ mode: "stacked", calls: 1 });
  });

  it("gives an item without a template's field a features error (400)", async () => {
    const r = await createScoringRuntime(ports()).score(batch({ items: [{ goods_id: 101 }, { other: 1 }] }));
    expect(r.items[1]).toMatchObject({ index: 1, error: { code: "bad_request", status: 400, stage: "features" } });
    expect((r.items[1] as { error: { message: string } }).error.message).toMatch(/goods_id/);
    expect(scoreOf(r, 0)).toBe(11.5);
  });

  it("isolates an item whose fg throws unexpectedly (internal, logged), the others scoring", async () => {
    const logged: string[] = [];
    const runtime = createScoringRuntime(
      ports({
        runFg: async (_pkg, fm) => {
          if ((fm.origin as { goods_id: number }).goods_id === 102) throw new TypeError("secret internals");
          return fg(fm);
        },
        logUnexpected: (where) => logged.push(where),
      }),
    );
    const r = await runtime.score(batch());
    expect(r.items[1]).toEqual({ index: 1, error: { code: "internal", status: 500, stage: "fg", message: "fg failed unexpectedly" } });
    expect(logged).toEqual(["[scoring] fg item 1"]);
    expect([scoreOf(r, 0), scoreOf(r, 2)]).toEqual([11.5, 13.25]);
  });

  it("fails the whole batch on an item's failure with itemErrors: fail-batch, naming the stage and the item", async () => {
    const e = await failure(createScoringRuntime(ports(), { itemErrors: "fail-batch" }).score(batch({ items: [{ goods_id: 101 }, { goods_id: 999 }] })));
    expect(e).toMatchObject({ status: 422, code: "unprocessable", message: "fg: item 1: goods_vec is missing and has no default", details: { stage: "fg", reason: { item: 1 } } });
  });

  it("fails every item that needs a table that does not answer, each with its own 502", async () => {
    const down = (table: string) => (base: ScoringPorts) => ({
      openTable: async (t: string) => (t === table ? Promise.reject(new Error("ECONNREFUSED")) : base.openTable(t)),
    });
    const base = ports();
    const goodsDown = await createScoringRuntime(ports(down("goods_tbl")(base))).score(batch());
    expect(goodsDown.items.map((i) => ("error" in i ? i.error : null))).toEqual(
      [0, 1, 2].map(() => ({ code: "bad_gateway", status: 502, stage: "features", message: "feature goods_vec: table goods_tbl did not answer: ECONNREFUSED" })),
    );
    expect(goodsDown.predict).toEqual({ mode: "per-item", calls: 0, reason: "no item to score" });
    const userDown = await createScoringRuntime(ports(down("user_tbl")(base))).score(batch());
    expect(userDown.items.every((i) => "error" in i && i.error.message.startsWith("feature user_vec: table user_tbl"))).toBe(true);
    const e = await failure(createScoringRuntime(ports(down("user_tbl")(base)), { itemErrors: "fail-batch" }).score(batch()));
    expect(e).toMatchObject({ status: 502, details: { stage: "features", reason: { item: 0 } } });
  });

  it("refuses a table nobody registered for the whole batch (422)", async () => {
    const e = await failure(createScoringRuntime(ports({ openTable: async () => Promise.reject(new ScoringError("not_found", "no table")) })).score(batch()));
    expect(e).toMatchObject({ status: 422, details: { stage: "features" } });
  });

  it("sends one Predict per item when shapes differ, naming the input and the items", async () => {
    const p = ports({
      runFg: async (_pkg, fm) => {
        const io = fg(fm);
        if (fm.goods_vec === 3) io.inputs[0] = { ...io.inputs[0]!, shape: [1, 4], values: [...io.inputs[0]!.values, 0] };
        return io;
      },
    });
    const r = await createScoringRuntime(p).score(batch());
    expect(r.predict).toEqual({ mode: "per-item", calls: 3, reason: "shapes differ: input x has shape [1,4] in item 2, [1,3] in item 0" });
    expect(p.recorded.predicts).toHaveLength(3);
    expect([0, 1, 2].map((i) => scoreOf(r, i))).toEqual([11.5, 12, 13.25]);
  });

  it("sends one Predict per item for a model without a batch dimension", async () => {
    const p = ports({ modelSignature: async () => ({ inputs: { x: { dtype: "DT_FLOAT", shape: [1, 3] } } }) });
    const r = await createScoringRuntime(p).score(batch());
    expect(r.predict).toEqual({ mode: "per-item", calls: 3, reason: "model without a batch dimension: input x has shape [1,3] in its signature" });
    expect(p.recorded.predicts.map((q) => q.inputs.x!.shape)).toEqual([[1, 3], [1, 3], [1, 3]]);
  });

  it("sends one Predict per item for mixed dtypes", async () => {
    const p = ports({
      runFg: async (_pkg, fm) => {
        const io = fg(fm);
        if (fm.goods_vec === 2) io.inputs[0] = { ...io.inputs[0]!, dtype: "double" };
        return io;
      },
    });
    const r = await createScoringRuntime(p).score(batch());
    expect(r.predict).toEqual({ mode: "per-item", calls: 3, reason: "mixed dtypes: input x is double in item 1, float in item 0" });
  });

  it("says when the signature is unknown, and stacks a rank-short tensor as one row", async () => {
    const unknown = await createScoringRuntime(ports({ modelSignature: async () => null })).score(batch());
    expect(unknown.predict.reason).toBe("no signature: the model's signature is not known");
    const p = ports({
      runFg: async (_pkg, fm) => {
        const io = fg(fm);
        io.inputs[0] = { ...io.inputs[0]!, shape: [3] };
        return io;
      },
    });
    const r = await createScoringRuntime(p).score(batch());
    expect(r.predict).toEqual({ mode: "stacked", calls: 1 });
    expect(p.recorded.predicts[0]!.inputs.x!.shape).toEqual([3, 3]);
  });

  it("sends again per item when a stacked output has not one row per item", async () => {
    const p = ports({
      predict: async (_i, request) => {
        const answer = model(request);
        return request.inputs.x!.shape[0] === 1 ? answer : { ...answer, outputs: { y: { dtype: "DT_FLOAT", shape: [1], values: [0] } } };
      },
    });
    const r = await createScoringRuntime(p).score(batch());
    expect(r.predict).toEqual({ mode: "per-item", calls: 4, reason: "output y has shape [1], not one row per item for 3 items; sent again one per item" });
    expect([0, 1, 2].map((i) => scoreOf(r, i))).toEqual([11.5, 12, 13.25]);
  });

  it("runs the fg as one batch when the port can, and fails the batch when no instance answers", async () => {
    const runFg = vi.fn(async () => Promise.reject(new Error("not this way")));
    const runFgBatch = vi.fn(async (_pkg: unknown, fms: Record<string, unknown>[]) => fms.map((fm) => ({ io: fg(fm) })));
    const r = await createScoringRuntime(ports({ runFg, runFgBatch })).score(batch());
    expect(runFgBatch).toHaveBeenCalledTimes(1);
    expect(runFg).not.toHaveBeenCalled();
    expect(scoreOf(r, 2)).toBe(13.25);
    const none = await failure(createScoringRuntime(ports({ instances: async () => [] })).score(batch()));
    expect(none).toMatchObject({ status: 503, details: { stage: "predict" } });
  });

  it("answers a request without items exactly as a single request", async () => {
    const r = await createScoringRuntime(ports()).score({ app_name: "demo", origin: { uid: 1, goods_id: 101 } });
    expect(r).toEqual({ app: "demo", bucket: 0, solution: "s1", model: { name: "m", version: 7, instance: "a:1" }, outputs: { y: { dtype: "DT_FLOAT", shape: [1, 1], values: [11.5] } }, log: {} });
  });
});
