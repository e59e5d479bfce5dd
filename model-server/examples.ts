import { decodeMessage, encodeMessage } from "@/server/tfs/load-protos";
import { invalidArgument } from "./serving-error";

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
 * A FixedLenFeature([length], float) read. An int64 list is accepted as floats: the REST
 * API takes a whole JSON number for an int64 and JavaScript cannot tell 1.0 from 1.
 */
export function readFloatFeature(features: Record<string, FeatureObject>, name: string, length: number): number[] {
  const f = features[name];
  const values = f?.float_list?.value ?? f?.int64_list?.value?.map(Number);
  if (!values) {
    if (f?.bytes_list) throw invalidArgument(`Feature: ${name}. Data types don't match. Expected type: float, Actual type: string`);
    throw invalidArgument(`Feature: ${name} (data type: float) is required but could not be found.`);
  }
  if (values.length !== length) {
    throw invalidArgument(`Key: ${name}.  Number of float values != expected.  Values size: ${values.length} but output shape: [${length}]`);
  }
  return values;
}

function featureFromJson(name: string, value: unknown): FeatureObject {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.every((v) => typeof v === "number" || typeof v === "boolean")) {
    const numbers = list.map((v) => (typeof v === "boolean" ? Number(v) : (v as number)));
    return numbers.every(Number.isInteger) ? { int64_list: { value: numbers.map(String) } } : { float_list: { value: numbers } };
  }
  if (list.every((v) => typeof v === "string" || isB64(v))) {
    const bytes = list.map((v) => (typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.from((v as { b64: string }).b64, "base64")));
    return { bytes_list: { value: bytes } };
  }
  throw invalidArgument(`Feature: ${name} has elements of mixed or unexpected JSON types`);
}

export function isB64(v: unknown): v is { b64: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { b64?: unknown }).b64 === "string";
}

/** The REST API's example object ({"x": 1.5, "tags": ["a"]}) as a tf.Example. */
export function exampleFromJson(value: unknown): ExampleObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidArgument(`Example must be JSON object but got JSON ${Array.isArray(value) ? "Array" : typeof value}`);
  }
  const feature = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, featureFromJson(k, v)]));
  return { features: { feature } };
}
