import { JsonFloat } from "@/server/tfs/tfs-json";
import { isB64 } from "./examples";
import { isJsonObject, JsonNumber, jsonTypeString, jsonValueToString, type JsonValue } from "./rapid-json";
import type { ServerTensor } from "./server-tensor";
import { invalidArgument, unimplemented } from "./serving-error";
import type { TensorInfoObject } from "./servable";

/**
 * TF Serving's REST tensor formats: row (`instances` -> `predictions`) and columnar
 * (`inputs` -> `outputs`), nested JSON lists typed by the signature, `{"b64": ...}` for
 * binary strings. Follows tensorflow_serving/util/json_tensor.cc, messages included; the
 * request is read with RapidJSON's number kinds (rapid-json.ts).
 */
export type JsonFormat = "row" | "columnar";

type JsonObject = { [key: string]: JsonValue };
const isNamedObject = (v: JsonValue | undefined): v is JsonObject => isJsonObject(v) && !isB64(v);
const show = jsonValueToString;

const dtypeString = (dtype: string) => dtype.replace(/^DT_/, "").toLowerCase();

// The largest integers a float / double holds exactly (TF Serving's IsLosslessDecimal).
const LOSSLESS_INT = { float: 2n ** 24n - 1n, double: 2n ** 53n - 1n };
const FLOAT_MAX = 3.4028234663852886e38;

function losslessDecimal(n: JsonNumber, target: "float" | "double"): boolean {
  if (!Number.isFinite(n.value)) return true;
  if (!n.isDouble) {
    const big = n.big as bigint;
    return (big < 0n ? -big : big) <= LOSSLESS_INT[target];
  }
  return target === "double" || Math.abs(n.value) <= FLOAT_MAX;
}

export function lossyDecimalError(v: JsonValue, target: string) {
  return invalidArgument(`Cannot convert JSON value: ${show(v)} to ${target} without loss of precision.`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** {"b64": ...} to bytes, as TF Serving's JsonDecodeBase64Object. */
export function decodeBase64Object(v: JsonValue): Uint8Array {
  if (!isB64(v)) throw invalidArgument(`JSON Value: ${show(v)} not formatted correctly for base64 data`);
  if (!BASE64.test(v.b64)) throw invalidArgument("Unable to base64 decode");
  return Buffer.from(v.b64, "base64");
}

function convert(v: JsonValue, dtype: string): number | boolean | Uint8Array {
  const typeError = () => invalidArgument(`JSON Value: ${show(v)} Type: ${jsonTypeString(v)} is not of expected type: ${dtypeString(dtype)}`);
  if (isJsonObject(v)) {
    if (dtype === "DT_STRING") return decodeBase64Object(v);
    throw typeError();
  }
  switch (dtype) {
    case "DT_FLOAT":
    case "DT_DOUBLE": {
      if (!(v instanceof JsonNumber)) throw typeError();
      const target = dtype === "DT_FLOAT" ? "float" : "double";
      if (!losslessDecimal(v, target)) throw lossyDecimalError(v, target);
      return target === "float" ? Math.fround(v.value) : v.value;
    }
    case "DT_INT32":
      if (!(v instanceof JsonNumber) || !v.isInt32()) throw typeError();
      return v.value;
    case "DT_INT64":
      if (!(v instanceof JsonNumber) || !v.isInt64()) throw typeError();
      return v.value;
    case "DT_BOOL":
      if (typeof v !== "boolean") throw typeError();
      return v;
    case "DT_STRING":
      if (typeof v === "string") return Buffer.from(v, "utf8");
      throw typeError();
    default:
      throw unimplemented(`Conversion of JSON Value: ${show(v)} to type: ${dtypeString(dtype)}`);
  }
}

// The shape is read off the first element at each level; every list must then match it.
function tensorFromJson(value: JsonValue, dtype: string): ServerTensor {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0] as JsonValue) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const values: Array<number | boolean | Uint8Array> = [];
  const walk = (v: JsonValue, level: number) => {
    if (!Array.isArray(v)) {
      if (level !== shape.length) {
        throw invalidArgument(`JSON Value: ${show(v)} found at incorrect level: ${level + 1} in the JSON DOM. Expected at level: ${shape.length}`);
      }
      values.push(convert(v, dtype));
      return;
    }
    if (level >= shape.length) throw invalidArgument(`Encountered list at unexpected level: ${level} expected < ${shape.length}`);
    if (v.length !== shape[level]) {
      throw invalidArgument(`Encountered list at unexpected size: ${v.length} at level: ${level} expected size: ${shape[level]}`);
    }
    for (const item of v) walk(item, level + 1);
  };
  walk(value, 0);
  return { dtype, shape, values } as ServerTensor;
}

// TF Serving wraps errors of one instance in its element number, with the Status's code name.
function inElement(what: string, run: () => void): void {
  try {
    run();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw invalidArgument(`Failed to process element: ${what} of 'instances' list. Error: INVALID_ARGUMENT: ${message}`);
  }
}

function fromInstances(instances: JsonValue[], infos: Record<string, TensorInfoObject>): Record<string, ServerTensor> {
  const names = Object.keys(infos);
  if (!isJsonObject(instances[0]) && names.length > 1) {
    throw invalidArgument("instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map");
  }
  const elementsAreObjects = isNamedObject(instances[0]);
  const inputNames = [...names].sort();
  const columns = new Map<string, ServerTensor[]>();
  const add = (item: JsonValue, name: string) => {
    const info = infos[name];
    if (!info) throw invalidArgument(`JSON object: does not have named input: ${name}`);
    const tensor = tensorFromJson(item, info.dtype);
    const seen = columns.get(name);
    if (!seen) return columns.set(name, [tensor]);
    const first = seen[0] as ServerTensor;
    if (first.values.length !== tensor.values.length) {
      throw invalidArgument(`Expecting tensor size: ${first.values.length} but got: ${tensor.values.length}`);
    }
    if (first.shape.join(",") !== tensor.shape.join(",")) {
      throw invalidArgument(`Expecting shape [${first.shape.join(",")}] but got: [${tensor.shape.join(",")}]`);
    }
    seen.push(tensor);
  };
  instances.forEach((item, i) => {
    if (elementsAreObjects) {
      if (!isNamedObject(item)) throw invalidArgument(`Expecting object but got list at item ${i} of input list`);
      for (const [name, value] of Object.entries(item)) inElement(`${i} key: ${name}`, () => add(value, name));
      if (Object.keys(item).sort().join(",") !== inputNames.join(",")) {
        throw invalidArgument(`Failed to process element: ${i} of 'instances' list. JSON object: ${show(item)} keys must be equal to: ${inputNames.join(",")}`);
      }
    } else {
      if (isNamedObject(item)) throw invalidArgument(`Expecting value/list but got object at item ${i} of input list`);
      inElement(String(i), () => add(item, names[0] as string));
    }
  });
  return Object.fromEntries(
    [...columns].map(([name, items]) => {
      const first = items[0] as ServerTensor;
      return [name, { dtype: first.dtype, shape: [items.length, ...first.shape], values: items.flatMap((t) => t.values as unknown[]) } as ServerTensor];
    }),
  );
}

function fromInputs(inputs: JsonValue, infos: Record<string, TensorInfoObject>): Record<string, ServerTensor> {
  const names = Object.keys(infos);
  const dtype = (name: string) => (infos[name] as TensorInfoObject).dtype;
  if (!isNamedObject(inputs)) {
    if (names.length > 1) {
      throw invalidArgument("inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map");
    }
    const name = names[0] as string;
    return { [name]: tensorFromJson(inputs, dtype(name)) };
  }
  return Object.fromEntries(
    names.map((name) => {
      if (!(name in inputs)) throw invalidArgument(`Missing named input: ${name} in 'inputs' object.`);
      return [name, tensorFromJson(inputs[name] as JsonValue, dtype(name))];
    }),
  );
}

/** The request's input tensors, typed by the signature's inputs. */
export function inputsFromJson(
  body: { [key: string]: JsonValue },
  infos: Record<string, TensorInfoObject>,
  signatureName = "",
): { format: JsonFormat; inputs: Record<string, ServerTensor> } {
  if (Object.keys(infos).length === 0) throw invalidArgument(`Failed to get input map for signature: ${signatureName || "DEFAULT"}`);
  const hasInstances = "instances" in body;
  if (hasInstances && "inputs" in body) {
    throw invalidArgument(`JSON Value: ${show(body)} Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist `);
  }
  if (hasInstances) {
    const instances = body.instances;
    if (!Array.isArray(instances)) throw invalidArgument(`JSON Value: ${show(body)} Excepting 'instances' to be an list/array`);
    if (instances.length === 0) throw invalidArgument(`JSON Value: ${show(body)} No values in 'instances' array`);
    return { format: "row", inputs: fromInstances(instances, infos) };
  }
  if ("inputs" in body) return { format: "columnar", inputs: fromInputs(body.inputs as JsonValue, infos) };
  throw invalidArgument("Missing 'inputs' or 'instances' key");
}

// Values from `offset` on, nested by `dims`; strings of aliases ending in _bytes as b64.
function nest(t: ServerTensor, alias: string, dims: number[], offset: { at: number }): unknown {
  if (dims.length === 0) {
    const v = t.values[offset.at++];
    if (t.dtype === "DT_FLOAT") return new JsonFloat(v as number, true);
    if (t.dtype === "DT_DOUBLE") return new JsonFloat(v as number);
    if (t.dtype === "DT_STRING") {
      const bytes = Buffer.from(v as Uint8Array);
      return alias.endsWith("_bytes") ? { b64: bytes.toString("base64") } : bytes.toString("utf8");
    }
    return v;
  }
  const [n, ...rest] = dims as [number, ...number[]];
  return Array.from({ length: n }, () => nest(t, alias, rest, offset));
}

export function outputsToJson(outputs: Record<string, ServerTensor>, format: JsonFormat): object {
  const entries = Object.entries(outputs);
  if (entries.length === 0) throw invalidArgument("Cannot convert empty tensor map to JSON");
  const named = entries.length > 1;
  if (format === "columnar") {
    const value = (t: ServerTensor, alias: string) => nest(t, alias, t.shape, { at: 0 });
    return { outputs: named ? Object.fromEntries(entries.map(([a, t]) => [a, value(t, a)])) : value(entries[0]?.[1] as ServerTensor, entries[0]?.[0] as string) };
  }
  let batch = -1;
  for (const [alias, t] of entries) {
    if (t.shape.length === 0) throw invalidArgument(`Tensor name: ${alias} has no shape information `);
    const b = t.shape[0] as number;
    if (batch >= 0 && b !== batch) throw invalidArgument(`Tensor name: ${alias} has inconsistent batch size: ${b} expecting: ${batch}`);
    batch = b;
  }
  const offsets = new Map(entries.map(([alias]) => [alias, { at: 0 }]));
  const item = ([alias, t]: [string, ServerTensor]) => nest(t, alias, t.shape.slice(1), offsets.get(alias) as { at: number });
  const predictions = Array.from({ length: batch }, () =>
    named ? Object.fromEntries(entries.map((e) => [e[0], item(e)])) : item(entries[0] as [string, ServerTensor]),
  );
  return { predictions };
}
