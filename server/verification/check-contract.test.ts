import { describe, expect, it } from "vitest";
import { DNN_FG_CODE, DNN_FG_SPEC, LR_FG_SPEC } from "@/db/seed/favpush";
import type { SignatureDefInfo } from "@/server/tfs/tfs-types";
import { builtTensors, compare, type BuiltTensor } from "./check-contract";

const signature = (inputs: Record<string, { dtype: string; shape: number[] | null }>): SignatureDefInfo => ({
  methodName: "tensorflow/serving/predict",
  inputs: Object.fromEntries(Object.entries(inputs).map(([name, i]) => [name, { name: `${name}:0`, ...i }])),
  outputs: { y: { name: "y:0", dtype: "DT_FLOAT", shape: [-1, 1] } },
});
const LR_SIGNATURE = signature({ x: { dtype: "DT_FLOAT", shape: [-1, 16] } });
const x = (shape: (number | null)[], dtype: BuiltTensor["dtype"] = "float"): BuiltTensor[] => [{ name: "x", dtype, shape }];

describe("compare (the fg's tensors against the serving signature)", () => {
  const cases: { name: string; built: BuiltTensor[]; signature: SignatureDefInfo; problems: RegExp[] }[] = [
    { name: "the same input, any batch", built: x([1, 16]), signature: LR_SIGNATURE, problems: [] },
    { name: "a dimension decided at run time", built: x([null, 16]), signature: LR_SIGNATURE, problems: [] },
    { name: "an unknown rank takes anything", built: x([16]), signature: signature({ x: { dtype: "DT_FLOAT", shape: null } }), problems: [] },
    { name: "another dtype", built: x([1, 16], "double"), signature: LR_SIGNATURE, problems: [/input "x": the fg builds double \(DT_DOUBLE\), the model takes DT_FLOAT/] },
    { name: "another rank", built: x([16]), signature: LR_SIGNATURE, problems: [/input "x": the fg builds rank 1 \[16\], the model takes rank 2 \[\?, 16\]/] },
    { name: "another fixed dimension", built: x([1, 17]), signature: LR_SIGNATURE, problems: [/input "x": dimension 1 is 17, the model takes 16/] },
    {
      name: "inputs of another model",
      built: x([1, 16]),
      signature: signature({ user: { dtype: "DT_FLOAT", shape: [-1, 8] }, goods: { dtype: "DT_FLOAT", shape: [-1, 8] } }),
      problems: [/input "user" \(DT_FLOAT \[\?, 8\]\) is not built/, /input "goods" .* is not built/, /the fg builds "x", which the signature has no input for \(it takes user, goods\)/],
    },
  ];
  it.each(cases)("$name", (c) => {
    const problems = compare(c.built, c.signature);
    expect(problems).toHaveLength(c.problems.length);
    c.problems.forEach((p, i) => expect(problems[i]).toMatch(p));
  });
});

describe("builtTensors", () => {
  const io = (shape: number[]) => ({ inputs: [{ name: "x", dtype: "float" as const, shape, values: [] }], outputs: [{ name: "y" }] });
  it("reads a declarative spec without the samples", () => {
    expect(builtTensors({ kind: "declarative", spec: LR_FG_SPEC }, [])).toEqual([[{ name: "x", dtype: "float", shape: [1, 16] }]]);
    expect(builtTensors({ kind: "declarative", spec: DNN_FG_SPEC }, []).flat().map((t) => t.name)).toEqual(["user", "goods", "cf"]);
  });
  it("fills a spec's inferred dimension from the samples, and leaves it open without them", () => {
    const spec = { ...LR_FG_SPEC, inputs: [{ ...LR_FG_SPEC.inputs[0]!, shape: [1, -1] }] };
    expect(builtTensors({ kind: "declarative", spec }, [])).toEqual([[{ name: "x", dtype: "float", shape: [1, null] }]]);
    expect(builtTensors({ kind: "declarative", spec }, [io([1, 16]), io([1, 16]), io([1, 15])])).toEqual([x([1, 16]), x([1, 15])]);
  });
  it("reads a code fg from the samples only", () => {
    expect(builtTensors({ kind: "code", source: DNN_FG_CODE }, [])).toEqual([]);
    expect(builtTensors({ kind: "code", source: DNN_FG_CODE }, [io([1, 16])])).toEqual([x([1, 16])]);
  });
});
