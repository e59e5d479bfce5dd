import { JsonFloat } from "@/server/tfs/tfs-json";
import { isB64 } from "./examples";
import type { ServerTensor } from "./server-tensor";
import { invalidArgument, unimplemented } from "./serving-error";
import type { TensorInfoObject } from "./servable";

/**
 * TF Serving's REST tensor formats: row (`instances` -> `predictions`) and columnar
 * (`inputs` -> `outputs`), nested JSON lists typed by the signature, `{"b64": ...}` for
 * binary strings. Follows tensorflow_serving/util/json_tensor.cc, messages included.
 */
export type JsonFormat = "row" | "columnar";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNamedObject = (v: unknown): v is Record<string, unknown> => isObject(v) && !isB64(v);

function show(v: unknown): string {
  return typeof v === "number" && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
}

function jsonType(v: unknown): string {
  if (v === null) return "Null";
  if (Array.isArray(v)) return "Array";
  return { boolean: v ? "True" : "False", number: "Number", string: "String", object: "Object" }[typeof v as string] ?? "Null";
}

const dtypeString = (dtype: string) => dtype.replace(/^DT_/, "").toLowerCase();

function convert(v: unknown, dtype: string): number | boolean | Uint8Array {
  const typeError = () => invalidArgument(`JSON Value: ${show(v)} Type: ${jsonType(v)} is not of expected type: ${dtypeString(dtype)}`);
  switch (dtype) {
    case "DT_FLOAT":
    case "DT_DOUBLE":
      if (typeof v !== "number") throw typeError();
      return v;
    case "DT_INT32":
      if (!Number.isInteger(v) || (v as number) < -(2 ** 31) || (v as number) >= 2 ** 31) throw typeError();
      return v as number;
    case "DT_INT64":
      if (!Number.isSafeInteger(v)) throw typeError();
      return v as number;
    case "DT_BOOL":
      if (typeof v !== "boolean") throw typeError();
      return v;
    case "DT_STRING":
      if (typeof v === "string") return Buffer.from(v, "utf8");
      if (isB64(v)) return Buffer.from(v.b64, "base64");
      if (isObject(v)) throw invalidArgument(`JSON Value: ${show(v)} not formatted correctly for base64 data`);
      throw typeError();
    default:
      throw unimplemented(`Conversion of JSON Value: ${show(v)} to type: ${dtypeString(dtype)}`);
  }
}

// The shape is read off the first element at each level; every list must then match it.
function tensorFromJson(value: unknown, dtype: string): ServerTensor {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const values: Array<number | boolean | Uint8Array> = [];
  const walk = (v: unknown, level: number) => {
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

function stack(name: string, items: ServerTensor[]): ServerTensor {
  const first = items[0] as ServerTensor;
  for (const item of items) {
    if (item.shape.join(",") !== first.shape.join(",")) {
      throw invalidArgument(`Expecting shape [${first.shape.join(",")}] but got: [${item.shape.join(",")}] for input ${name}`);
    }
  }
  return { dtype: first.dtype, shape: [items.length, ...first.shape], values: items.flatMap((i) => i.values as unknown[]) } as ServerTensor;
}

function fromInstances(instances: unknown[], infos: Record<string, TensorInfoObject>): Record<string, ServerTensor> {
  const names = Object.keys(infos);
  const dtype = (name: string) => (infos[name] as TensorInfoObject).dtype;
  if (!isNamedObject(instances[0])) {
    if (names.length > 1) {
      throw invalidArgument("instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map");
    }
    const name = names[0] as string;
    const items = instances.map((item, i) => {
      if (isNamedObject(item)) throw invalidArgument(`Expecting value/list but got object at item ${i} of input list`);
      return tensorFromJson(item, dtype(name));
    });
    return { [name]: stack(name, items) };
  }
  const expectedKeys = [...names].sort().join(",");
  const columns = new Map<string, ServerTensor[]>(names.map((n) => [n, []]));
  instances.forEach((item, i) => {
    if (!isNamedObject(item)) throw invalidArgument(`Expecting object but got list at item ${i} of input list`);
    if (Object.keys(item).sort().join(",") !== expectedKeys) {
      throw invalidArgument(`Failed to process element: ${i} of 'instances' list. JSON object: ${show(item)} keys must be equal to: ${expectedKeys}`);
    }
    for (const name of names) columns.get(name)?.push(tensorFromJson(item[name], dtype(name)));
  });
  return Object.fromEntries(names.map((n) => [n, stack(n, columns.get(n) ?? [])]));
}

function fromInputs(inputs: unknown, infos: Record<string, TensorInfoObject>): Record<string, ServerTensor> {
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
      return [name, tensorFromJson(inputs[name], dtype(name))];
    }),
  );
}

/** The request's input tensors, typed by the signature's inputs. */
export function inputsFromJson(body: Record<string, unknown>, infos: Record<string, TensorInfoObject>): { format: JsonFormat; inputs: Record<string, ServerTensor> } {
  if (Object.keys(infos).length === 0) throw invalidArgument("Failed to get input map for signature");
  const hasInstances = "instances" in body;
  if (hasInstances && "inputs" in body) {
    throw invalidArgument("JSON Value: (request) Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist ");
  }
  if (hasInstances) {
    const instances = body.instances;
    if (!Array.isArray(instances)) throw invalidArgument("Excepting 'instances' to be an list/array");
    if (instances.length === 0) throw invalidArgument("No values in 'instances' array");
    return { format: "row", inputs: fromInstances(instances, infos) };
  }
  if ("inputs" in body) return { format: "columnar", inputs: fromInputs(body.inputs, infos) };
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
