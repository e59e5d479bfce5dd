import { AppError } from "@/server/errors";
import { modelSpecToProto, signatureDefsFromProto, versionStatusFromProto, modelSpecFromProto, type ModelSpecProto, type SignatureDefProto } from "./proto-convert";
import { errorCodeForHttpStatus } from "./status-map";
import { JsonFloat, parseTfsJson, stringifyTfsJson } from "./tfs-json";
import {
  DEFAULT_TIMEOUT_MS,
  type CallOptions,
  type ClassifyInput,
  type ClassifyOutput,
  type ExampleFeatures,
  type FeatureValue,
  type ModelMetadata,
  type ModelSpecInput,
  type ModelVersionStatus,
  type RegressInput,
  type RegressOutput,
  type ResolvedModelSpec,
} from "./tfs-types";

/**
 * TF Serving over its REST API (the same operations as the gRPC client, minus config
 * reload, which REST does not offer). Predict speaks TF Serving's JSON as is: row
 * (`instances` -> `predictions`) or columnar (`inputs` -> `outputs`); wrap a number in
 * JsonFloat to force a decimal point. The REST API does not echo the model spec, so
 * results carry the one asked for. Errors: AppError with TF Serving's HTTP status and
 * `details: { httpStatus }`; unreachable -> unavailable (503), too slow -> timeout (504).
 */
export type PredictJsonRequest = { model: ModelSpecInput } & ({ instances: unknown[] } | { inputs: unknown });

export type PredictJsonResponse = { predictions: unknown } | { outputs: unknown };

export interface TfsRestClient {
  readonly baseUrl: string;
  predict(request: PredictJsonRequest, options?: CallOptions): Promise<PredictJsonResponse>;
  classify(input: ClassifyInput, options?: CallOptions): Promise<ClassifyOutput>;
  regress(input: RegressInput, options?: CallOptions): Promise<RegressOutput>;
  getModelMetadata(model: ModelSpecInput, options?: CallOptions): Promise<ModelMetadata>;
  getModelStatus(model: ModelSpecInput, options?: CallOptions): Promise<ModelVersionStatus[]>;
}

/** `address`: "host:port" or a full "http://host:port" base URL. */
export function getTfsRestClient(address: string): TfsRestClient {
  const baseUrl = (/^https?:\/\//.test(address) ? address : `http://${address}`).replace(/\/+$/, "");

  function modelUrl(spec: ModelSpecInput): string {
    modelSpecToProto(spec); // same validation as gRPC: a name, not both version and label
    let url = `${baseUrl}/v1/models/${encodeURIComponent(spec.name)}`;
    if (spec.version !== undefined) url += `/versions/${spec.version}`;
    if (spec.versionLabel !== undefined) url += `/labels/${encodeURIComponent(spec.versionLabel)}`;
    return url;
  }

  async function call<T>(url: string, body: object | undefined, options: CallOptions | undefined): Promise<T> {
    const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method: body ? "POST" : "GET",
        headers: body ? { "content-type": "application/json" } : {},
        body: body ? stringifyTfsJson(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === "TimeoutError") {
        throw new AppError("timeout", `TF Serving at ${baseUrl} did not answer within ${timeoutMs} ms`, { httpStatus: null });
      }
      const reason = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new AppError("unavailable", `TF Serving at ${baseUrl} is unreachable: ${reason}`, { httpStatus: null });
    }
    let parsed: unknown;
    try {
      parsed = parseTfsJson(text);
    } catch {
      parsed = undefined;
    }
    if (status < 200 || status >= 300) {
      const message = (parsed as { error?: unknown } | undefined)?.error;
      throw new AppError(errorCodeForHttpStatus(status), typeof message === "string" ? message : text.slice(0, 500), { httpStatus: status }, status);
    }
    if (parsed === undefined) throw new AppError("bad_gateway", `TF Serving at ${baseUrl} answered with invalid JSON`, { httpStatus: status });
    return parsed as T;
  }

  const requested = (spec: ModelSpecInput): ResolvedModelSpec => ({
    name: spec.name,
    version: spec.version ?? null,
    versionLabel: spec.versionLabel ?? null,
    signatureName: spec.signatureName ?? "",
  });

  const exampleBody = (input: ClassifyInput) => ({
    signature_name: input.model.signatureName || undefined,
    context: input.context ? exampleToJson(input.context) : undefined,
    examples: input.examples.map(exampleToJson),
  });

  return {
    baseUrl,

    predict(request, options) {
      const { model, ...tensors } = request;
      return call<PredictJsonResponse>(`${modelUrl(model)}:predict`, { signature_name: model.signatureName || undefined, ...tensors }, options);
    },

    async classify(input, options) {
      const res = await call<{ results?: Array<Array<[string, number]>> }>(`${modelUrl(input.model)}:classify`, exampleBody(input), options);
      const classifications = (res.results ?? []).map((classes) => classes.map(([label, score]) => ({ label, score })));
      return { model: requested(input.model), classifications };
    },

    async regress(input, options) {
      const res = await call<{ results?: number[] }>(`${modelUrl(input.model)}:regress`, exampleBody(input), options);
      return { model: requested(input.model), values: res.results ?? [] };
    },

    async getModelMetadata(spec, options) {
      const res = await call<{ model_spec?: ModelSpecProto; metadata?: { signature_def?: { signature_def?: Record<string, SignatureDefProto> } } }>(
        `${modelUrl(spec)}/metadata`,
        undefined,
        options,
      );
      return { model: modelSpecFromProto(res.model_spec), signatureDefs: signatureDefsFromProto(res.metadata?.signature_def?.signature_def) };
    },

    async getModelStatus(spec, options) {
      const res = await call<{ model_version_status?: object[] }>(modelUrl(spec), undefined, options);
      return (res.model_version_status ?? []).map(versionStatusFromProto);
    },
  };
}

// TF Serving picks the feature list from the JSON token: a decimal number is a float, a whole
// number an int64, a string bytes, {"b64": ...} binary bytes.
function featureToJson(value: FeatureValue): unknown {
  if (typeof value === "number") return new JsonFloat(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "number" ? new JsonFloat(v) : v));
  if ("floatList" in value) return value.floatList.map((v) => new JsonFloat(v));
  if ("int64List" in value) return value.int64List.map((v) => BigInt(v));
  return value.bytesList.map((v) => (typeof v === "string" ? v : { b64: Buffer.from(v).toString("base64") }));
}

function exampleToJson(features: ExampleFeatures): Record<string, unknown> {
  return Object.fromEntries(Object.entries(features).map(([name, value]) => [name, featureToJson(value)]));
}
