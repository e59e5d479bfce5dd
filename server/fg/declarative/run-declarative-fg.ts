import type { DeclarativeInput, DeclarativeSpec, Source, TensorValue } from "@/server/contracts/fg";
import { unprocessable } from "@/server/errors";
import type { FeatureMap } from "../featuremap";
import type { TensorIO, TensorSpec } from "../tensor-io";
import { readPath } from "./read-path";
import { applyTransform, TransformError } from "./transforms";

/** featureMap.log key listing the paths that were missing and replaced by their default (the runtime's, shared with the featureMap builder). */
import { MISSING_FEATURES_LOG_KEY } from "@/sdk/src/runtime/feature-map";
export { MISSING_FEATURES_LOG_KEY };

/**
 * Builds the TensorIO a declarative spec describes (docs/fg.md). Each input tensor is the
 * concatenation of its sources (each read from the featureMap, defaulted when missing, then
 * transformed), then the input's own transforms, shaped into `shape`.
 *
 * Missing values are noted in featureMap.log.missing_features; one without a default is
 * unprocessable, naming the path, because silently feeding zeros would skew every score.
 */
export function runDeclarativeFg(spec: DeclarativeSpec, featureMap: FeatureMap): TensorIO {
  return {
    inputs: spec.inputs.map((input) => buildInput(input, featureMap)),
    outputs: spec.outputs.map((o) => ({ ...o })),
  };
}

function buildInput(input: DeclarativeInput, fm: FeatureMap): TensorSpec {
  const parts = input.sources.map((source) => ({ path: source.path, values: readSource(input, source, fm) }));
  let values = parts.flatMap((p) => p.values);
  input.transforms?.forEach((t, i) => {
    values = transform(values, t, `input "${input.name}", transform ${i + 1} (${t.op})`);
  });
  checkDtype(input, values);
  return { name: input.name, dtype: input.dtype, shape: resolveShape(input, values.length, parts), values };
}

function readSource(input: DeclarativeInput, source: Source, fm: FeatureMap): TensorValue[] {
  // Named only when something is wrong: this runs per source per request.
  const where = () => `input "${input.name}", source "${source.path}"`;
  let raw = readPath(fm, source.path);
  if (raw === undefined) {
    noteMissing(fm, source.path);
    if (source.default === undefined) {
      throw unprocessable(`${where()}: the featureMap has no value at "${source.path}" and the spec gives no default`, {
        input: input.name,
        path: source.path,
      });
    }
    raw = source.default;
  }
  let values: TensorValue[] = [];
  flattenInto(values, raw, where, source.path);
  source.transforms?.forEach((t, i) => {
    values = transform(values, t, `${where()}, transform ${i + 1} (${t.op})`);
  });
  return values;
}

function transform(values: TensorValue[], t: Parameters<typeof applyTransform>[1], where: string): TensorValue[] {
  try {
    return applyTransform(values, t);
  } catch (e) {
    if (e instanceof TransformError) throw unprocessable(`${where}: ${e.message}`);
    throw e;
  }
}

/** Numbers, strings and booleans, or (nested) arrays of them, appended to `out` as one flat list. */
function flattenInto(out: TensorValue[], v: unknown, where: () => string, path: string): void {
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") out.push(v);
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) flattenInto(out, v[i], where, path);
  else if (v === null || v === undefined) throw unprocessable(`${where()}: "${path}" holds a null inside a list`);
  else throw unprocessable(`${where()}: "${path}" is an object; name one of its fields, e.g. "${path}.score"`);
}

function checkDtype(input: DeclarativeInput, values: TensorValue[]) {
  const want = input.dtype === "string" ? "string" : input.dtype === "bool" ? "boolean" : "number";
  const bad = values.findIndex((v) => typeof v !== want && !(input.dtype === "int64" && typeof v === "string"));
  if (bad >= 0) {
    throw unprocessable(
      `input "${input.name}": value ${bad + 1} (${JSON.stringify(values[bad])}) is not a ${input.dtype}; add {"op":"cast","to":"${input.dtype}"}`,
    );
  }
}

function resolveShape(input: DeclarativeInput, count: number, parts: { path: string; values: TensorValue[] }[]): number[] {
  const known = input.shape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  const inferred = input.shape.includes(-1);
  if (inferred ? known > 0 && count % known === 0 : count === known) {
    return input.shape.map((d) => (d === -1 ? count / known : d));
  }
  const from = parts.map((p) => `${p.path}: ${p.values.length}`).join(", ");
  const need = inferred ? `a multiple of ${known}` : String(known);
  throw unprocessable(`input "${input.name}": shape [${input.shape.join(", ")}] needs ${need} value(s), got ${count} (${from})`, {
    input: input.name,
    shape: input.shape,
    count,
  });
}

function noteMissing(fm: FeatureMap, path: string) {
  const noted = fm.log[MISSING_FEATURES_LOG_KEY];
  const list = Array.isArray(noted) ? noted : [];
  if (!list.includes(path)) list.push(path);
  fm.log[MISSING_FEATURES_LOG_KEY] = list;
}
