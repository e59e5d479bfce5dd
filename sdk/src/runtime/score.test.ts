import { describe, expect, it } from "vitest";
import { createScoringRuntime } from "./create-runtime";
import type { ScoringPorts } from "./ports";
import { ScoringError } from "./scoring-error";

/** The runtime over in-memory ports: what it does with what its ports answer, without the console. */
const solution = { name: "s1", features: { cf: "getKV cf_tbl {uid}", vec: "getKV vec_tbl {uid}" }, model: { name: "m", version: "mv" }, fg: { class: "F", version: "1" }, buckets: [0] };

function ports(overrides: Partial<ScoringPorts> = {}): ScoringPorts {
  return {
    loadConfig: async (app, source) => ({ app: { name: app, bucketCount: 1, hashKey: "uid", salt: app }, solutions: [solution], versions: { mv: "7" }, source, revision: 3 }),
    openTable: async (table) => ({ getKV: async (key) => (table === "cf_tbl" && key === "1" ? 0.5 : null), getKKV: async () => null }),
    fetchFg: async () => ({}),
    runFg: async (_pkg, fm) => ({ inputs: [{ name: "x", dtype: "float", shape: [1], values: [(fm.cf as number) ?? 0] }], outputs: [{ name: "y" }] }),
    instances: async () => ["a:1", "b:1"],
    predict: async (_i, request) => ({ model: request.model, outputs: { y: { dtype: "float", shape: [1], values: new Float32Array([2]) } } }),
    ...overrides,
  };
}

const failure = (p: Promise<unknown>) => p.then(() => expect.fail("scoring should have failed"), (e: unknown) => e as ScoringError);

describe("the scoring runtime over its ports", () => {
  it("scores: the model version through its key, a missing feature null and logged, typed arrays as plain values", async () => {
    const r = await createScoringRuntime(ports()).score({ app_name: "demo", origin: { uid: 1 }, options: { trace: true } });
    expect(r).toMatchObject({ bucket: 0, solution: "s1", model: { name: "m", version: 7 }, outputs: { y: { dtype: "float", shape: [1], values: [2] } }, log: { missing_features: ["vec"] } });
    expect(r.details!.featureMap).toEqual({ cf: 0.5, vec: null, origin: { uid: 1 }, online: true, log: { missing_features: ["vec"] } });
    expect(r.trace!.map((s) => s.stage)).toEqual(["config", "bucket", "solution", "features", "featureMap", "fg", "predict"]);
  });

  it("keeps the code and status of an error a port throws, naming the stage", async () => {
    const e = await failure(
      createScoringRuntime(ports({ fetchFg: async () => Promise.reject(new ScoringError("unavailable", "fg store down")) })).score({ app_name: "demo", origin: { uid: 1 } }),
    );
    expect(e).toMatchObject({ code: "unavailable", status: 503, message: "fg: fg store down", details: { stage: "fg" } });
  });

  it("makes an unexpected error the stage's internal error, told to logUnexpected, its message kept out of the answer", async () => {
    const logged: string[] = [];
    const runtime = createScoringRuntime(ports({ runFg: async () => Promise.reject(new TypeError("secret internals")), logUnexpected: (where) => logged.push(where) }));
    const e = await failure(runtime.score({ app_name: "demo", origin: { uid: 1 } }));
    expect(e).toMatchObject({ code: "internal", status: 500, message: "fg: fg failed unexpectedly" });
    expect(logged).toEqual(["[scoring] fg"]);
  });

  it("skips an instance that fails for the next one, and fails the request on an instance's answer about it (status below 500)", async () => {
    const skipping = createScoringRuntime(
      ports({ predict: async (i, request) => (i === "a:1" ? Promise.reject(new Error("refused")) : { model: request.model, outputs: { y: { dtype: "float", shape: [1], values: [1] } } }) }),
    );
    const r = await skipping.score({ app_name: "demo", origin: { uid: 1 } });
    expect(r.model.instance).toBe("b:1");
    const refusing = createScoringRuntime(ports({ predict: async () => Promise.reject(new ScoringError("bad_request", "no input x", null, 400)) }));
    expect(await failure(refusing.score({ app_name: "demo", origin: { uid: 1 } }))).toMatchObject({ status: 400, details: { stage: "predict" } });
  });

  it("refuses an unknown table as a configuration error (422), a table that does not answer as a 502", async () => {
    const unknown = createScoringRuntime(ports({ openTable: async () => Promise.reject(new ScoringError("not_found", "no table")) }));
    expect(await failure(unknown.score({ app_name: "demo", origin: { uid: 1 } }))).toMatchObject({ status: 422, details: { stage: "features" } });
    const down = createScoringRuntime(ports({ openTable: async () => Promise.reject(new Error("ECONNREFUSED")) }));
    expect(await failure(down.score({ app_name: "demo", origin: { uid: 1 } }))).toMatchObject({ status: 502, details: { stage: "features" } });
  });
});
