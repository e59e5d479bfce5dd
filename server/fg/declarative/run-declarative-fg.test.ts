import { describe, expect, it } from "vitest";
import type { DeclarativeSpec, Transform } from "@/server/contracts/fg";
import { AppError } from "@/server/errors";
import type { FeatureMap } from "../featuremap";
import { runDeclarativeFg } from "./run-declarative-fg";

const fm = (extra: Record<string, unknown> = {}): FeatureMap => ({
  origin: { uid: 234, city: "hz", age: "31.7", vip: "true" },
  online: true,
  log: {},
  user_vec: [0.1, 0.2],
  goods_vec: [[1, 2], [3]],
  cf: { score: 1.5 },
  ...extra,
});

function one(source: DeclarativeSpec["inputs"][number]["sources"][number], dtype: DeclarativeSpec["inputs"][number]["dtype"] = "float", shape = [-1], transforms?: Transform[], featureMap = fm()) {
  const spec: DeclarativeSpec = { inputs: [{ name: "t", dtype, shape, sources: [source], ...(transforms ? { transforms } : {}) }], outputs: [{ name: "y" }] };
  return runDeclarativeFg(spec, featureMap).inputs[0];
}

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("runDeclarativeFg", () => {
  it("concatenates sources in order and shapes them", () => {
    const io = runDeclarativeFg(
      { inputs: [{ name: "x", dtype: "float", shape: [1, 5], sources: [{ path: "user_vec" }, { path: "goods_vec" }] }], outputs: [{ name: "y", dtype: "float" }] },
      fm(),
    );
    expect(io).toEqual({ inputs: [{ name: "x", dtype: "float", shape: [1, 5], values: [0.1, 0.2, 1, 2, 3] }], outputs: [{ name: "y", dtype: "float" }] });
  });

  it.each([
    { name: "an origin field", source: { path: "origin.uid" }, dtype: "int64", want: [234] },
    { name: "an array element", source: { path: "user_vec.1" }, dtype: "float", want: [0.2] },
    { name: "a map field", source: { path: "cf.score" }, dtype: "float", want: [1.5] },
    { name: "cast string to float", source: { path: "origin.age", transforms: [{ op: "cast", to: "float" }] }, dtype: "float", want: [31.7] },
    { name: "cast string to int32 (truncates)", source: { path: "origin.age", transforms: [{ op: "cast", to: "int32" }] }, dtype: "int32", want: [31] },
    { name: "cast to int64 keeps long digits", source: { path: "big", transforms: [{ op: "cast", to: "int64" }] }, dtype: "int64", want: ["12345678901234567890"] },
    { name: "cast string to bool", source: { path: "origin.vip", transforms: [{ op: "cast", to: "bool" }] }, dtype: "bool", want: [true] },
    { name: "cast number to string", source: { path: "origin.uid", transforms: [{ op: "cast", to: "string" }] }, dtype: "string", want: ["234"] },
    { name: "hash_bucket then one_hot", source: { path: "origin.city", transforms: [{ op: "hash_bucket", buckets: 4 }, { op: "one_hot", n: 4 }] }, dtype: "float", want: "one-hot" },
    { name: "one_hot out of range is all zeros", source: { path: "idx", transforms: [{ op: "one_hot", n: 3 }] }, dtype: "float", want: [0, 1, 0, 0, 0, 0] },
    { name: "log1p", source: { path: "cf.score", transforms: [{ op: "log1p" }] }, dtype: "float", want: [Math.log1p(1.5)] },
    { name: "clip", source: { path: "user_vec", transforms: [{ op: "clip", min: 0.15 }] }, dtype: "float", want: [0.15, 0.2] },
    { name: "default when missing", source: { path: "nope.score", default: [0, 0] }, dtype: "float", want: [0, 0] },
    { name: "default when null", source: { path: "gone", default: -1 }, dtype: "float", want: [-1] },
  ] as const)("reads $name", ({ source, dtype, want }) => {
    const t = one(source as never, dtype, [-1], undefined, fm({ big: "12345678901234567890", idx: [1, 3], gone: null }));
    if (want === "one-hot") {
      expect(t?.values).toHaveLength(4);
      expect(t?.values.filter((v) => v === 1)).toHaveLength(1);
    } else {
      expect(t?.values).toEqual(want);
    }
  });

  it("hash_bucket matches the published murmur3 vector", () => {
    // docs/bucketing.md: murmur3_x86_32("hello") = 0x248bfa47
    expect(one({ path: "w", transforms: [{ op: "hash_bucket", buckets: 2 ** 31 - 1 }] }, "int64", [1], undefined, fm({ w: "hello" }))?.values).toEqual([0x248bfa47 % (2 ** 31 - 1)]);
  });

  it("hash_bucket hashes the text of a value: 234 and \"234\" land in the same bucket", () => {
    const bucket = (w: unknown) => one({ path: "w", transforms: [{ op: "hash_bucket", buckets: 1000 }] }, "int64", [1], undefined, fm({ w }))?.values;
    expect(bucket(234)).toEqual(bucket("234"));
    expect(bucket(234)).not.toEqual(bucket("235"));
  });

  it("applies input-level transforms after concatenation", () => {
    const t = one({ path: "user_vec" }, "float", [2], [{ op: "clip", max: 0.1 }]);
    expect(t?.values).toEqual([0.1, 0.1]);
  });

  it("notes defaulted paths in featureMap.log once each", () => {
    const featureMap = fm({ cf: null });
    const spec: DeclarativeSpec = {
      inputs: [
        { name: "a", dtype: "float", shape: [1], sources: [{ path: "cf.score", default: 0 }] },
        { name: "b", dtype: "float", shape: [1], sources: [{ path: "cf.score", default: 0 }] },
      ],
      outputs: [{ name: "y" }],
    };
    runDeclarativeFg(spec, featureMap);
    expect(featureMap.log).toEqual({ missing_features: ["cf.score"] });
  });

  it.each([
    { name: "a missing path without default", source: { path: "cf.nope" }, dtype: "float", shape: [-1], message: /no value at "cf.nope"/ },
    { name: "an object", source: { path: "cf" }, dtype: "float", shape: [-1], message: /is an object; name one of its fields/ },
    { name: "a shape mismatch, with per-source counts", source: { path: "user_vec" }, dtype: "float", shape: [1, 3], message: /needs 3 value\(s\), got 2 \(user_vec: 2\)/ },
    { name: "an inferred dimension that does not divide", source: { path: "user_vec" }, dtype: "float", shape: [3, -1], message: /a multiple of 3/ },
    { name: "a wrong dtype without cast", source: { path: "origin.city" }, dtype: "float", shape: [-1], message: /not a float; add \{"op":"cast","to":"float"\}/ },
    { name: "log1p of a string", source: { path: "origin.city", transforms: [{ op: "log1p" }] }, dtype: "float", shape: [-1], message: /source "origin.city", transform 1 \(log1p\): log1p needs numbers/ },
    { name: "log1p below -1", source: { path: "neg", transforms: [{ op: "log1p" }] }, dtype: "float", shape: [-1], message: /not finite/ },
    { name: "a bad cast", source: { path: "origin.city", transforms: [{ op: "cast", to: "float" }] }, dtype: "float", shape: [-1], message: /cannot cast "hz" to a number/ },
    { name: "one_hot of a fraction", source: { path: "user_vec", transforms: [{ op: "one_hot", n: 2 }] }, dtype: "float", shape: [-1], message: /whole-number indexes/ },
  ] as const)("refuses $name as unprocessable", ({ source, dtype, shape, message }) => {
    const e = failure(() => one(source as never, dtype, [...shape], undefined, fm({ neg: -2 })));
    expect(e.code).toBe("unprocessable");
    expect(e.message).toMatch(message);
    expect(e.message).toContain('input "t"');
  });

  it("notes a missing path in the log even when it then fails", () => {
    const featureMap = fm();
    failure(() => one({ path: "absent" }, "float", [-1], undefined, featureMap));
    expect(featureMap.log).toEqual({ missing_features: ["absent"] });
  });
});
