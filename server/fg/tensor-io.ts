import { DTYPES, type Dtype, type TensorIO } from "@/server/contracts/fg";
import { unprocessable } from "@/server/errors";

export type { Dtype, TensorIO, TensorOutput, TensorSpec, TensorValue } from "@/server/contracts/fg";

const MAX_PROBLEMS = 50;
const FLOAT32_MAX = 3.4028234663852886e38;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TENSOR_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,127}$/;

export interface TensorIOProblem {
  /** JSON path of the offending part, e.g. `$.inputs[0].values[3]`. */
  path: string;
  message: string;
}

/**
 * Checks anything claiming to be a TensorIO (an fg's result, a file line) and returns it
 * typed. Every problem is listed (up to 50) in an unprocessable error's details, because an fg
 * author fixes them all at once: counts against the shape, each value against the dtype
 * (int32 range, int64 as a safe integer or a decimal string, finite floats within float32),
 * unique tensor names.
 */
export function validateTensorIO(x: unknown): TensorIO {
  const problems: TensorIOProblem[] = [];
  let truncated = false;
  const add = (path: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, message });
    else truncated = true;
  };

  if (!isObject(x)) {
    add("$", "A TensorIO is an object { inputs, outputs }");
  } else {
    unknownKeys(x, ["inputs", "outputs"], "$", add);
    checkList(x.inputs, "$.inputs", "input tensor", add, checkInput);
    checkList(x.outputs, "$.outputs", "output tensor", add, checkOutput);
  }
  if (problems.length > 0) {
    const first = problems[0];
    const summary = first ? `${first.path}: ${first.message}` : "";
    throw unprocessable(`Invalid TensorIO (${problems.length}${truncated ? "+" : ""} problem(s)); ${summary}`, { problems, truncated });
  }
  return x as TensorIO;
}

type Add = (path: string, message: string) => void;

function checkList(list: unknown, path: string, what: string, add: Add, check: (t: Record<string, unknown>, path: string, add: Add) => void) {
  if (!Array.isArray(list)) return add(path, `Expected an array of ${what}s`);
  if (list.length === 0) add(path, `At least one ${what}`);
  const seen = new Map<unknown, number>();
  list.forEach((t: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(t)) return add(at, `Expected an ${what} object`);
    check(t, at, add);
    const earlier = seen.get(t.name);
    if (earlier !== undefined) add(`${at}.name`, `"${String(t.name)}" is also the name of ${path}[${earlier}]`);
    else seen.set(t.name, i);
  });
}

function checkOutput(t: Record<string, unknown>, at: string, add: Add) {
  unknownKeys(t, ["name", "dtype"], at, add);
  checkName(t.name, at, add);
  if (t.dtype !== undefined && !isDtype(t.dtype)) add(`${at}.dtype`, `Unknown dtype; one of ${DTYPES.join(", ")}`);
}

function checkInput(t: Record<string, unknown>, at: string, add: Add) {
  unknownKeys(t, ["name", "dtype", "shape", "values"], at, add);
  checkName(t.name, at, add);
  const dtype = isDtype(t.dtype) ? t.dtype : undefined;
  if (!dtype) add(`${at}.dtype`, `Unknown dtype; one of ${DTYPES.join(", ")}`);

  let size: number | undefined;
  if (!Array.isArray(t.shape)) {
    add(`${at}.shape`, "Expected an array of dimensions");
  } else {
    const dims: unknown[] = t.shape;
    const bad = dims.findIndex((d) => typeof d !== "number" || !Number.isSafeInteger(d) || d < 0);
    if (bad >= 0) add(`${at}.shape[${bad}]`, "A dimension is a whole number >= 0");
    else size = (dims as number[]).reduce((p, d) => p * d, 1);
  }

  if (!Array.isArray(t.values)) return add(`${at}.values`, "Expected an array of values");
  const values: unknown[] = t.values;
  if (size !== undefined && values.length !== size) {
    add(`${at}.values`, `Shape [${(t.shape as number[]).join(", ")}] holds ${size} value(s), got ${values.length}`);
  }
  if (!dtype) return;
  values.forEach((v, i) => {
    const problem = valueProblem(dtype, v);
    if (problem) add(`${at}.values[${i}]`, problem);
  });
}

function valueProblem(dtype: Dtype, v: unknown): string | undefined {
  switch (dtype) {
    case "float":
    case "double":
      if (typeof v !== "number") return `Expected a number for ${dtype}, got ${describe(v)}`;
      if (!Number.isFinite(v)) return `${v} is not a finite number`;
      if (dtype === "float" && Math.abs(v) > FLOAT32_MAX) return `${v} overflows float32`;
      return undefined;
    case "int32":
      if (typeof v !== "number" || !Number.isInteger(v)) return `Expected a whole number for int32, got ${describe(v)}`;
      return v < INT32_MIN || v > INT32_MAX ? `${v} is outside the int32 range` : undefined;
    case "int64":
      if (typeof v === "number") {
        if (!Number.isInteger(v)) return `Expected a whole number for int64, got ${v}`;
        return Number.isSafeInteger(v) ? undefined : `${v} is beyond 2^53 and may have lost digits: give int64 values this large as decimal strings`;
      }
      if (typeof v === "string") {
        if (!/^-?(0|[1-9][0-9]*)$/.test(v)) return `"${preview(v)}" is not a decimal integer`;
        const n = BigInt(v);
        return n < INT64_MIN || n > INT64_MAX ? `${v} is outside the int64 range` : undefined;
      }
      return `Expected a whole number or a decimal string for int64, got ${describe(v)}`;
    case "string":
      return typeof v === "string" ? undefined : `Expected a string, got ${describe(v)}`;
    case "bool":
      return typeof v === "boolean" ? undefined : `Expected true or false, got ${describe(v)}`;
  }
}

/**
 * The canonical text of a TensorIO (fixed key order, shortest round-trip numbers, int64 beyond
 * 2^53 as decimal strings): the SDK's, so the offline runner, the runtime's feature log and its
 * replay write the same bytes for the same tensors.
 */
export { serializeTensorIO } from "@/sdk/src/runtime/feature-log/serialize-tensor-io";

function checkName(name: unknown, at: string, add: Add) {
  if (typeof name !== "string" || !TENSOR_NAME.test(name)) {
    add(`${at}.name`, "A tensor name: 1-128 characters, letters, digits and _ . : / -");
  }
}

function unknownKeys(o: Record<string, unknown>, allowed: string[], at: string, add: Add) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) add(`${at}.${k}`, `Unknown property (allowed: ${allowed.join(", ")})`);
}

function isDtype(x: unknown): x is Dtype {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function describe(v: unknown): string {
  if (typeof v === "string") return `"${preview(v)}"`;
  if (v === null || typeof v !== "object") return String(v);
  return Array.isArray(v) ? "an array" : "an object";
}

function preview(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
