import { AppError } from "@/server/errors";
import {
  MODEL_VERSION_STATES,
  type ExampleFeatures,
  type FeatureValue,
  type ModelSpecInput,
  type ModelVersionState,
  type ModelVersionStatus,
  type ResolvedModelSpec,
  type SignatureDefInfo,
  type TensorInfo,
} from "./tfs-types";

/**
 * Console shapes <-> TF Serving proto objects (snake_case). The REST API's JSON uses the
 * same field names as the protos, so the *FromProto readers serve both transports.
 */
export interface ModelSpecProto {
  name?: string;
  /** An Int64Value object over gRPC; a bare "123" in the REST API's proto3 JSON. */
  version?: { value?: string | number } | string | number | null;
  version_label?: string;
  signature_name?: string;
}

export function modelSpecToProto(spec: ModelSpecInput): ModelSpecProto {
  if (!spec.name) throw new AppError("bad_request", "A model name is required");
  if (spec.version !== undefined && spec.versionLabel !== undefined) {
    throw new AppError("bad_request", "Give a version or a version label, not both");
  }
  const proto: ModelSpecProto = { name: spec.name, signature_name: spec.signatureName ?? "" };
  if (spec.version !== undefined) proto.version = { value: String(spec.version) };
  if (spec.versionLabel !== undefined) proto.version_label = spec.versionLabel;
  return proto;
}

export function modelSpecFromProto(proto: ModelSpecProto | null | undefined): ResolvedModelSpec {
  const raw = proto?.version;
  const version = typeof raw === "object" && raw !== null ? raw.value : raw;
  return {
    name: proto?.name ?? "",
    version: version === undefined || version === null ? null : Number(version),
    versionLabel: proto?.version_label ? proto.version_label : null,
    signatureName: proto?.signature_name ?? "",
  };
}

interface TensorInfoProto {
  name?: string;
  dtype?: string;
  tensor_shape?: { dim?: Array<{ size?: string | number }>; unknown_rank?: boolean } | null;
}

export interface SignatureDefProto {
  inputs?: Record<string, TensorInfoProto>;
  outputs?: Record<string, TensorInfoProto>;
  method_name?: string;
}

function tensorInfoFromProto(info: TensorInfoProto): TensorInfo {
  const shape = info.tensor_shape;
  return {
    name: info.name ?? "",
    dtype: info.dtype ?? "DT_INVALID",
    shape: !shape || shape.unknown_rank ? null : (shape.dim ?? []).map((d) => Number(d.size ?? 0)),
  };
}

function mapValues<A, B>(record: Record<string, A> | undefined, f: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k, f(v)]));
}

export function signatureDefFromProto(def: SignatureDefProto): SignatureDefInfo {
  return {
    methodName: def.method_name ?? "",
    inputs: mapValues(def.inputs, tensorInfoFromProto),
    outputs: mapValues(def.outputs, tensorInfoFromProto),
  };
}

export function signatureDefsFromProto(defs: Record<string, SignatureDefProto> | undefined): Record<string, SignatureDefInfo> {
  return mapValues(defs, signatureDefFromProto);
}

interface VersionStatusProto {
  version?: string | number;
  state?: string;
  status?: { error_code?: string; error_message?: string } | null;
}

export function versionStatusFromProto(proto: VersionStatusProto): ModelVersionStatus {
  const state = (MODEL_VERSION_STATES as readonly string[]).includes(proto.state ?? "") ? (proto.state as ModelVersionState) : "UNKNOWN";
  const code = proto.status?.error_code ?? "OK";
  return {
    version: Number(proto.version ?? 0),
    state,
    error: code === "OK" ? null : { code, message: proto.status?.error_message ?? "" },
  };
}

type FeatureProto =
  | { float_list: { value: number[] } }
  | { int64_list: { value: string[] } }
  | { bytes_list: { value: Uint8Array[] } };

export interface ExampleProto {
  features: { feature: Record<string, FeatureProto> };
}

function featureToProto(name: string, value: FeatureValue): FeatureProto {
  if (typeof value === "number" || typeof value === "string" || Array.isArray(value)) {
    const list: Array<number | string> = Array.isArray(value) ? value : [value];
    if (list.every((v) => typeof v === "number")) return { float_list: { value: list } };
    if (list.every((v) => typeof v === "string")) return { bytes_list: { value: list.map((s) => Buffer.from(s, "utf8")) } };
    throw new AppError("bad_request", `Feature ${name} mixes numbers and strings`);
  }
  if ("floatList" in value) return { float_list: { value: value.floatList } };
  if ("int64List" in value) return { int64_list: { value: value.int64List.map((v) => BigInt(v).toString()) } };
  return { bytes_list: { value: value.bytesList.map((v) => (typeof v === "string" ? Buffer.from(v, "utf8") : v)) } };
}

export function exampleToProto(features: ExampleFeatures): ExampleProto {
  const feature = Object.fromEntries(Object.entries(features).map(([name, value]) => [name, featureToProto(name, value)]));
  return { features: { feature } };
}

/** tensorflow.serving.Input for Classify/Regress. */
export function inputToProto(examples: ExampleFeatures[], context?: ExampleFeatures): object {
  if (examples.length === 0) throw new AppError("bad_request", "At least one example is required");
  const protos = examples.map(exampleToProto);
  return context
    ? { example_list_with_context: { examples: protos, context: exampleToProto(context) } }
    : { example_list: { examples: protos } };
}
