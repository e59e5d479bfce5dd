import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { DNN_FG_SPEC, LR_FG_SPEC } from "@/db/seed/favpush";
import { validateDeclarativeSpec } from "./validate-declarative-spec";

function problems(x: unknown): string[] {
  try {
    validateDeclarativeSpec(x);
  } catch (e) {
    if (e instanceof AppError) return (e.details as { problems: { path: string }[] }).problems.map((p) => p.path);
    throw e;
  }
  return [];
}

const input = (extra: Record<string, unknown> = {}) => ({ name: "x", dtype: "float", shape: [1, -1], sources: [{ path: "user_vec" }], ...extra });
const spec = (inputs: unknown[], outputs: unknown[] = [{ name: "y" }]) => ({ inputs, outputs });

describe("validateDeclarativeSpec", () => {
  it("accepts the demo specs", () => {
    expect(problems(LR_FG_SPEC)).toEqual([]);
    expect(problems(DNN_FG_SPEC)).toEqual([]);
  });

  it.each([
    ["no inputs or outputs", spec([], []), ["$.inputs", "$.outputs"]],
    ["a bad path", spec([input({ sources: [{ path: "cf..score" }] })]), ["$.inputs[0].sources[0].path"]],
    ["no sources", spec([input({ sources: [] })]), ["$.inputs[0].sources"]],
    ["two inferred dimensions", spec([input({ shape: [-1, -1] })]), ["$.inputs[0].shape"]],
    ["a dimension below -1", spec([input({ shape: [-2] })]), ["$.inputs[0].shape[0]"]],
    ["an unknown dtype", spec([input({ dtype: "half" })]), ["$.inputs[0].dtype"]],
    ["an unknown transform", spec([input({ transforms: [{ op: "sqrt" }] })]), ["$.inputs[0].transforms[0].op"]],
    ["one_hot without n", spec([input({ sources: [{ path: "a", transforms: [{ op: "one_hot" }] }] })]), ["$.inputs[0].sources[0].transforms[0].n"]],
    ["clip with min > max", spec([input({ transforms: [{ op: "clip", min: 2, max: 1 }] })]), ["$.inputs[0].transforms[0].min"]],
    ["clip with no bound", spec([input({ transforms: [{ op: "clip" }] })]), ["$.inputs[0].transforms[0]"]],
    ["hash_bucket with 0 buckets", spec([input({ transforms: [{ op: "hash_bucket", buckets: 0 }] })]), ["$.inputs[0].transforms[0].buckets"]],
    ["an unknown key (typo)", spec([input({ source: [] })]), ["$.inputs[0]"]],
    ["duplicate names", spec([input(), input()], [{ name: "y" }, { name: "y" }]), ["$.inputs[1].name", "$.outputs[1].name"]],
    ["a bad default", spec([input({ sources: [{ path: "a", default: { x: 1 } }] })]), ["$.inputs[0].sources[0].default"]],
  ])("reports %s at its JSON path", (_name, x, paths) => {
    expect(problems(x)).toEqual(paths);
  });
});
