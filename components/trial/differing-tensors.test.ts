import { describe, expect, it } from "vitest";
import type { ScoreResponse } from "@/server/contracts/scoring";
import { differingTensors } from "./differing-tensors";

const result = (y: number, inputs: { name: string; shape?: number[]; values: number[] }[]): ScoreResponse =>
  ({
    app: "favpush",
    bucket: 1,
    solution: "s",
    model: { name: "m", version: 1, instance: "127.0.0.1:1" },
    outputs: { y: { dtype: "float", shape: [1, 1], values: [y] } },
    log: {},
    details: {
      queries: [],
      featureMap: {},
      tensorIO: { inputs: inputs.map((t) => ({ dtype: "float", shape: t.shape ?? [1, t.values.length], ...t })), outputs: [{ name: "y" }] },
      predictRequest: {},
      predictResponse: {},
    },
  }) as ScoreResponse;

describe("differingTensors", () => {
  it("marks input tensors that differ in values or shape, or that only one side has, and leaves equal ones", () => {
    const a = result(0.5, [{ name: "user", values: [1, 2] }, { name: "goods", values: [3, 4] }, { name: "cf", values: [0] }, { name: "x", values: [1] }]);
    const b = result(0.5, [{ name: "user", values: [1, 2] }, { name: "goods", values: [3, 5] }, { name: "cf", shape: [1], values: [0] }, { name: "z", values: [1] }]);
    const d = differingTensors(a, b);
    expect([...d.inputs].sort()).toEqual(["cf", "goods", "x", "z"]);
    expect([...d.outputs]).toEqual([]);
  });

  it("marks output tensors whose values differ", () => {
    const d = differingTensors(result(0.5, [{ name: "x", values: [1] }]), result(0.25, [{ name: "x", values: [1] }]));
    expect([...d.outputs]).toEqual(["y"]);
    expect([...d.inputs]).toEqual([]);
  });

  it("has no inputs to compare without the trace's details", () => {
    const bare = { ...result(0.5, []), details: undefined };
    expect([...differingTensors(bare, result(0.5, [{ name: "x", values: [1] }])).inputs]).toEqual(["x"]);
    expect([...differingTensors(bare, bare).inputs]).toEqual([]);
  });
});
