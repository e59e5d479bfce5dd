import { decodeMessage, encodeMessage } from "@/server/tfs/load-protos";
import { isJsonObject, JsonNumber, jsonTypeString, type JsonValue } from "./rapid-json";
import { decodeBase64Object, lossyDecimalError } from "./rest-tensors";
import { invalidArgument } from "./serving-error";

const FLOAT_MAX = 3.4028234663852886e38;

/**
 * tf.Example handling for Classify/Regress: requests carry Examples, signatures take them
 * serialized in a DT_STRING tensor (as TensorFlow's parse_example op does).
 */
interface FeatureObject {
  float_list?: { value?: number[] } | null;
  int64_list?: { value?: Array<string | number> } | null;
  bytes_list?: { value?: Uint8Array[] } | null;
}

export interface ExampleObject {
  features?: { feature?: Record<string, FeatureObject> } | null;
}

/** tensorflow.serving.Input as a proto object. */
export interface InputObject {
  example_list?: { examples?: ExampleObject[] } | null;
  example_list_with_context?: { examples?: ExampleObject[]; context?: ExampleObject | null } | null;
}

/** A tensorflow.serving.Input as serialized Examples, the context merged into each. */
export function serializeInputExamples(input: InputObject | null | undefined): Uint8Array[] {
  const withContext = input?.example_list_with_context;
  const examples = withContext?.examples ?? input?.example_list?.examples ?? [];
  if (examples.length === 0) throw invalidArgument("Input is empty.");
  const context = withContext?.context?.features?.feature ?? {};
  return examples.map((e) =>
    encodeMessage("tensorflow.Example", { features: { feature: { ...context, ...(e.features?.feature ?? {}) } } }),
  );
}

export function parseExample(bytes: Uint8Array): Record<string, FeatureObject> {
  try {
    return decodeMessage<ExampleObject>("tensorflow.Example", bytes).features?.feature ?? {};
  } catch {
    throw invalidArgument("Could not parse example input");
  }
}

/**
 * A FixedLenFeature([length], float) read, as TensorFlow's parse_example does it: an int64
 * or bytes list is refused ("Data types don't match"), so `{"x": 1}` (an int64 over REST)
 * fails for a float feature as it does in TF Serving.
 */
export function readFloatFeature(features: Record<string, FeatureObject>, name: string, length: number, index = 0): number[] {
  const f = features[name];
  const where = `Name: <unknown>, Key: ${name}, Index: ${index}.  `;
  const actual = f?.int64_list ? "int64" : f?.bytes_list ? "string" : null;
  if (actual) throw invalidArgument(`${where}Data types don't match. Data type: ${actual} but expected type: float`);
  const values = f?.float_list?.value;
  if (!values) throw invalidArgument(`Feature: ${name} (data type: float) is required but could not be found.`);
  if (values.length !== length) {
    throw invalidArgument(`${where}Number of float values != expected.  Values size: ${values.length} but output shape: [${length}]`);
  }
  return values;
}

export function isB64(v: unknown): v is { b64: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { b64?: unknown }).b64 === "string";
}

type FeatureKind = "float_list" | "int64_list" | "bytes_list";
const KIND_NAMES: Record<FeatureKind, string> = { float_list: "float", int64_list: "int64", bytes_list: "bytes" };

// TF Serving's AddValueToFeature: the JSON token picks the list (a decimal number: float,
// a whole number or a bool: int64, a string or {"b64"}: bytes); the first value fixes it.
function featureFromJson(name: string, content: JsonValue): FeatureObject {
  let kind: FeatureKind | null = null;
  const values: Array<number | string | Uint8Array> = [];
  const unexpected = (v: JsonValue) => invalidArgument(`Feature: ${name} has element with unexpected JSON type: ${jsonTypeString(v)}`);
  const ofKind = (k: FeatureKind) => {
    if (kind !== null && kind !== k) throw invalidArgument(`Unexpected element type in feature: ${name} expecting type: ${KIND_NAMES[kind]}`);
    kind = k;
  };
  for (const v of Array.isArray(content) ? content : [content]) {
    if (v === null || Array.isArray(v)) throw unexpected(v);
    if (typeof v === "boolean") {
      ofKind("int64_list");
      values.push(v ? "1" : "0");
    } else if (typeof v === "string") {
      ofKind("bytes_list");
      values.push(Buffer.from(v, "utf8"));
    } else if (v instanceof JsonNumber) {
      if (v.isDouble) {
        ofKind("float_list");
        if (Number.isFinite(v.value) && Math.abs(v.value) > FLOAT_MAX) throw lossyDecimalError(v, "float");
        values.push(Math.fround(v.value));
      } else {
        ofKind("int64_list");
        if (!v.isInt64()) throw invalidArgument(`Feature: ${name} has uint64 element. Only int64 is supported.`);
        values.push(String(v.big));
      }
    } else {
      if (!isB64(v)) throw unexpected(v);
      ofKind("bytes_list");
      values.push(decodeBase64Object(v));
    }
  }
  if (kind === null) return {};
  return { [kind as FeatureKind]: { value: values } } as FeatureObject;
}

/** The REST API's example object ({"x": 1.5, "tags": ["a"]}) as a tf.Example. */
export function exampleFromJson(value: JsonValue): ExampleObject {
  if (!isJsonObject(value)) throw invalidArgument(`Example must be JSON object but got JSON ${jsonTypeString(value)}`);
  const feature = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, featureFromJson(k, v)]));
  return { features: { feature } };
}
