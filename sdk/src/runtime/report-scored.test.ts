import { describe, expect, it, vi } from "vitest";
import { countOf } from "../core/telemetry/histogram";
import { createTelemetryAggregator, type ScoredRequest } from "../telemetry/create-aggregator";
import { createScoringRuntime } from "./create-runtime";
import type { FeatureLogEntry } from "./feature-log";
import type { ScoringPorts } from "./ports";
import { ScoringError } from "./scoring-error";
import type { PredictRequest, TensorIO } from "./types";

/** In-memory ports: one solution over uid (origin) and goods_id (item); y = the sum of x's row. */
const solution = {
  name: "s1",
  features: { user_vec: "getKV user_tbl {uid}", goods_vec: "getKV goods_tbl {goods_id}", cf: "getKKV cf_tbl {uid}|{goods_id}" },
  model: { name: "m", version: "mv" },
  fg: { class: "F", version: "1" },
  buckets: [0, 1],
};
const rows: Record<string, Record<string, unknown>> = { user_tbl: { "1": 10 }, goods_tbl: { "101": 1, "102": 2 }, cf_tbl: { "1|101": 0.5 } };

function fg(fm: Record<string, unknown>): TensorIO {
  if (fm.goods_vec === null) throw new ScoringError("unprocessable", "goods_vec is missing and has no default");
  return { inputs: [{ name: "x", dtype: "float", shape: [1, 3], values: [fm.user_vec as number, fm.goods_vec as number, (fm.cf as number | null) ?? 0] }], outputs: [{ name: "y" }] };
}

function model(request: PredictRequest) {
  const x = request.inputs.x!;
  const n = x.shape[0]!;
  const w = x.values.length / n;
  const y = Array.from({ length: n }, (_, r) => x.values.slice(r * w, (r + 1) * w).reduce<number>((a, v) => a + (v as number), 0));
  return { model: request.model, outputs: { y: { dtype: "DT_FLOAT", shape: [n, 1], values: new Float32Array(y) } } };
}

function ports(overrides: Partial<ScoringPorts> = {}): ScoringPorts {
  const get = (table: string) => async (key: string) => rows[table]?.[key] ?? null;
  return {
    loadConfig: async (app, source) => ({ app: { name: app, bucketCount: 2, hashKey: "uid", salt: app }, solutions: [solution], versions: { mv: "7" }, source, revision: 3 }),
    openTable: async (table) => ({ getKV: get(table), getKKV: get(table) }),
    fetchFg: async () => ({}),
    runFg: async (_pkg, fm) => fg(fm),
    modelSignature: async () => ({ inputs: { x: { dtype: "DT_FLOAT", shape: [-1, 3] } } }),
    instances: async () => ["a:1"],
    predict: async (_i, request) => model(request),
    ...overrides,
  };
}

/** The values of one output tensor a record carries, items' one after another (a failed item has none). */
const outputValues = (r: ScoredRequest, name: string) =>
  (r.itemOutputs ?? []).flatMap((item) => ("outputs" in item && item.outputs[name] ? Array.from(item.outputs[name].values as ArrayLike<number>) : []));

function hooked(p: ScoringPorts = ports()) {
  const records: ScoredRequest[] = [];
  const logged: FeatureLogEntry[] = [];
  const runtime = createScoringRuntime(p, { telemetry: { record: (r) => records.push(r) }, featureLog: { maybeLog: (e) => logged.push(e) } });
  return { runtime, records, logged };
}

describe("runtime hooks: telemetry and the feature log", () => {
  it("tells telemetry once per single request with its release, solution, bucket, stage timings, outputs and missing features, and offers it to the feature log", async () => {
    const { runtime, records, logged } = hooked();
    const request = { app_name: "demo", origin: { uid: 1, goods_id: 102 } };
    const answer = await runtime.score(request);
    expect(answer).toEqual(await createScoringRuntime(ports()).score(request));
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(r).toMatchObject({ app: "demo", release: 3, solution: "s1", bucket: answer.bucket, forced: false, items: 1, errorStage: null, missingFeatures: ["cf"] });
    expect(r.steps!.map((s) => s.stage)).toEqual(["config", "bucket", "solution", "features", "featureMap", "fg", "predict"]);
    expect(outputValues(r, "y")).toEqual([12]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ app: "demo", request, release: 3, solution: "s1", bucket: answer.bucket, fg: { class: "F", version: "1" }, outputs: answer.outputs });
    expect((logged[0] as { tensorIO: TensorIO }).tensorIO.inputs[0]!.values).toEqual([10, 2, 0]);
  });

  it("tells a batch as one request of its items, outputs of the items that scored, and logs the items form (null for a failed item)", async () => {
    const { runtime, records, logged } = hooked();
    const answer = await runtime.score({ app_name: "demo", origin: { uid: 1 }, items: [{ goods_id: 101 }, { goods_id: 999 }, { goods_id: 102 }] });
    expect(answer.items.map((i) => "error" in i)).toEqual([false, true, false]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ solution: "s1", items: 3, errorStage: null, forced: false });
    expect(outputValues(records[0]!, "y")).toEqual([11.5, 12]);
    expect([...records[0]!.missingFeatures!].sort()).toEqual(["cf", "goods_vec"]);
    expect(logged).toHaveLength(1);
    const items = (logged[0] as { items: unknown[] }).items;
    expect(items.map((i) => i === null)).toEqual([false, true, false]);
    expect(items[2]).toMatchObject({ featureMap: { goods_vec: 2, cf: null }, outputs: { y: { values: [12] } } });
  });

  it("tells a failure with its error stage and as much as it got to, and logs no features", async () => {
    const failing = ports({ predict: async () => Promise.reject(Object.assign(new Error("bad input"), { status: 400 })) });
    const { runtime, records, logged } = hooked(failing);
    await expect(runtime.score({ app_name: "demo", origin: { uid: 1, goods_id: 101 } })).rejects.toBeInstanceOf(ScoringError);
    expect(records[0]).toMatchObject({ app: "demo", release: 3, solution: "s1", errorStage: "predict" });
    expect(records[0]!.outputs).toBeUndefined();
    expect(records[0]!.itemOutputs).toBeUndefined();

    const noConfig = hooked(ports({ loadConfig: async () => Promise.reject(new ScoringError("not_found", "no such app")) }));
    await expect(noConfig.runtime.score({ app_name: "ghost", origin: { uid: 1 }, items: [{ goods_id: 101 }] })).rejects.toThrow(/config/);
    expect(noConfig.records).toEqual([expect.objectContaining({ app: "ghost", release: null, solution: "none", bucket: null, items: 1, errorStage: "config" })]);

    const tooMany = hooked();
    await expect(tooMany.runtime.score({ app_name: "demo", origin: { uid: 1 }, items: [] }, { maxItems: 0 })).rejects.toThrow();
    expect(tooMany.records[0]).toMatchObject({ errorStage: expect.any(String), solution: "none" });
    expect([...logged, ...noConfig.logged, ...tooMany.logged]).toEqual([]);
  });

  it("builds no feature-log entry for an app the logger does not sample", async () => {
    const maybeLog = vi.fn();
    const samples = vi.fn((app: string) => app === "other");
    const runtime = createScoringRuntime(ports(), { featureLog: { maybeLog, samples } });
    await runtime.score({ app_name: "demo", origin: { uid: 1 }, items: [{ goods_id: 101 }] });
    await runtime.score({ app_name: "other", origin: { uid: 1, goods_id: 101 } });
    expect(samples.mock.calls).toEqual([["demo"], ["other"]]);
    expect(maybeLog.mock.calls.map(([e]) => e.app)).toEqual(["other"]);
  });

  it("marks a forced bucket or solution, which the split check leaves out", async () => {
    const { runtime, records } = hooked();
    await runtime.score({ app_name: "demo", origin: { uid: 1, goods_id: 101 }, options: { solution: "s1" } });
    await runtime.score({ app_name: "demo", origin: { uid: 1, goods_id: 101 }, options: { bucket: 1 } });
    expect(records.map((r) => r.forced)).toEqual([true, true]);
    expect(records[1]!.bucket).toBe(1);
  });

  it("never lets a throwing hook change an answer or fail a request", async () => {
    const onHookError = vi.fn();
    const runtime = createScoringRuntime(ports(), {
      telemetry: { record: () => { throw new Error("telemetry broke"); } },
      featureLog: { maybeLog: () => { throw new Error("log broke"); } },
      onHookError,
    });
    const request = { app_name: "demo", origin: { uid: 1, goods_id: 101 } };
    expect(await runtime.score(request)).toEqual(await createScoringRuntime(ports()).score(request));
    expect(onHookError).toHaveBeenCalledTimes(2);
    await expect(createScoringRuntime(ports({ instances: async () => [] }), { telemetry: { record: () => { throw new Error("x"); } } }).score(request)).rejects.toBeInstanceOf(ScoringError);
  });

  it("feeds the real aggregator: requests, items, errors by stage and buckets for the split check", async () => {
    const aggregator = createTelemetryAggregator();
    const runtime = createScoringRuntime(ports(), { telemetry: aggregator });
    await runtime.score({ app_name: "demo", origin: { uid: 1, goods_id: 101 } });
    await runtime.score({ app_name: "demo", origin: { uid: 1 }, items: [{ goods_id: 101 }, { goods_id: 102 }] });
    await runtime.score({ app_name: "demo", origin: { goods_id: 101 } }).catch(() => undefined);
    await runtime.score({ app_name: "demo", origin: { uid: 1, goods_id: 101 }, options: { solution: "s1" } });
    const drained = aggregator.drain();
    const s1 = drained.solutions.find((s) => s.solution === "s1")!;
    expect(s1).toMatchObject({ release: "3", requests: 3, items: 4 });
    expect(drained.solutions.find((s) => s.solution === "none")).toMatchObject({ requests: 1, errors: { bucket: 1 } });
    expect(drained.buckets.reduce((n, b) => n + b.requests, 0)).toBe(2);
    // Every stage of the three that scored, and the outputs of their four items (11.5; 11.5 and 12; 11.5).
    expect(Object.keys(s1.latency)).toEqual(["config", "bucket", "solution", "features", "featureMap", "fg", "predict"]);
    expect(countOf(s1.latency.predict!)).toBe(3);
    expect(s1.outputs.y).toMatchObject({ sum: 46.5 });
    expect(countOf(s1.outputs.y!)).toBe(4);
    expect(s1.missing).toEqual({ cf: 1 });
  });
});
