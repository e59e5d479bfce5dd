import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { serializeTensorIO, validateTensorIO } from "./tensor-io";

const io = (inputs: unknown[], outputs: unknown[] = [{ name: "y" }]) => ({ inputs, outputs });
const t = (dtype: string, values: unknown[], shape: unknown[] = [values.length], name = "x") => ({ name, dtype, shape, values });

function problems(x: unknown): { path: string; message: string }[] {
  try {
    validateTensorIO(x);
  } catch (e) {
    if (e instanceof AppError && e.code === "unprocessable") return (e.details as { problems: { path: string; message: string }[] }).problems;
    throw e;
  }
  return [];
}

describe("validateTensorIO", () => {
  it.each([
    ["float", [0.5, -1, 3.4e38]],
    ["double", [1e300, -0]],
    ["int32", [0, -(2 ** 31), 2 ** 31 - 1]],
    ["int64", [Number.MAX_SAFE_INTEGER, "-9223372036854775808", "9223372036854775807", "0"]],
    ["string", ["a", ""]],
    ["bool", [true, false]],
  ])("accepts %s values %j", (dtype, values) => {
    expect(problems(io([t(dtype, values)]))).toEqual([]);
  });

  it("accepts a scalar (shape []) and an empty tensor", () => {
    expect(problems(io([t("float", [1], []), t("float", [], [0, 3], "e")]))).toEqual([]);
  });

  it.each([
    ["a non-object", 5, ["$"]],
    ["missing lists", {}, ["$.inputs", "$.outputs"]],
    ["empty lists", io([], []), ["$.inputs", "$.outputs"]],
    ["an unknown property", { ...io([t("float", [1])]), extra: 1 }, ["$.extra"]],
    ["values count against the shape", io([t("float", [1, 2, 3], [2, 2])]), ["$.inputs[0].values"]],
    ["a negative or fractional dimension", io([t("float", [], [-1]), t("float", [], [1.5], "z")]), ["$.inputs[0].shape[0]", "$.inputs[1].shape[0]"]],
    ["a non-number float", io([t("float", ["1", true, null])]), ["$.inputs[0].values[0]", "$.inputs[0].values[1]", "$.inputs[0].values[2]"]],
    ["non-finite and float32-overflowing floats", io([t("float", [Number.NaN, Infinity, 1e39])]), ["$.inputs[0].values[0]", "$.inputs[0].values[1]", "$.inputs[0].values[2]"]],
    ["int32 range and integrality", io([t("int32", [2 ** 31, -(2 ** 31) - 1, 1.5])]), ["$.inputs[0].values[0]", "$.inputs[0].values[1]", "$.inputs[0].values[2]"]],
    ["int64 unsafe numbers, bad strings, range", io([t("int64", [2 ** 60, "12a", "007", "9223372036854775808", 1.5])]), ["$.inputs[0].values[0]", "$.inputs[0].values[1]", "$.inputs[0].values[2]", "$.inputs[0].values[3]", "$.inputs[0].values[4]"]],
    ["string and bool types", io([t("string", [1]), t("bool", ["true"], [1], "b")]), ["$.inputs[0].values[0]", "$.inputs[1].values[0]"]],
    ["an unknown dtype", io([t("float16", [1])]), ["$.inputs[0].dtype"]],
    ["duplicate and bad names", io([t("float", [1]), t("float", [1]), t("float", [1], [1], "")], [{ name: "y" }, { name: "y" }]), ["$.inputs[1].name", "$.inputs[2].name", "$.outputs[1].name"]],
    ["a bad output dtype", io([t("float", [1])], [{ name: "y", dtype: "half" }]), ["$.outputs[0].dtype"]],
  ])("reports %s", (_name, x, paths) => {
    expect(problems(x).map((p) => p.path)).toEqual(paths);
  });

  it("caps the problem list at 50 and says it was truncated", () => {
    try {
      validateTensorIO(io([t("int32", Array.from({ length: 80 }, () => 0.5))]));
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const details = (e as AppError).details as { problems: unknown[]; truncated: boolean };
      expect(details.problems).toHaveLength(50);
      expect(details.truncated).toBe(true);
      expect((e as AppError).message).toContain("50+ problem(s)");
    }
  });
});

describe("serializeTensorIO", () => {
  it("writes a fixed key order whatever the input order, and int64 canonically", () => {
    const a = serializeTensorIO({
      outputs: [{ dtype: "float", name: "y" }, { name: "z" }],
      inputs: [
        { values: [-0, 0.1], shape: [2], dtype: "float", name: "x" },
        { values: ["42", 7, "9007199254740993"], shape: [3], dtype: "int64", name: "id" },
      ],
    } as never);
    expect(a).toBe(
      '{"inputs":[{"name":"x","dtype":"float","shape":[2],"values":[0,0.1]},' +
        '{"name":"id","dtype":"int64","shape":[3],"values":[42,7,"9007199254740993"]}],' +
        '"outputs":[{"name":"y","dtype":"float"},{"name":"z"}]}',
    );
  });
});
