import * as grpc from "@grpc/grpc-js";
import { AppError } from "@/server/errors";
import { decodeMessage, loadTfsProtos } from "./load-protos";
import { modelServerConfigToProto, type ModelConfig } from "./model-config";
import {
  inputToProto,
  modelSpecFromProto,
  modelSpecToProto,
  signatureDefsFromProto,
  versionStatusFromProto,
  type ModelSpecProto,
  type SignatureDefProto,
} from "./proto-convert";
import { appErrorFromGrpc } from "./status-map";
import { decodeTensor, encodeTensor, type Tensor, type TensorInput, type TensorProtoObject } from "./tensor-codec";
import {
  DEFAULT_TIMEOUT_MS,
  type CallOptions,
  type ClassifyInput,
  type ClassifyOutput,
  type ModelMetadata,
  type ModelSpecInput,
  type ModelVersionStatus,
  type RegressInput,
  type RegressOutput,
  type ResolvedModelSpec,
} from "./tfs-types";

/**
 * TF Serving over gRPC. One channel per address for the life of the process (both services
 * share it); every call has a deadline; failures become AppError with TF Serving's
 * REST status and `details: { grpcCode, grpcStatus }`.
 */
export interface PredictInput {
  model: ModelSpecInput;
  inputs: Record<string, TensorInput>;
  /** Output aliases to return; empty or absent: all outputs of the signature. */
  outputFilter?: string[];
}

export interface PredictOutput {
  model: ResolvedModelSpec;
  outputs: Record<string, Tensor>;
}

export interface TfsGrpcClient {
  readonly address: string;
  predict(input: PredictInput, options?: CallOptions): Promise<PredictOutput>;
  classify(input: ClassifyInput, options?: CallOptions): Promise<ClassifyOutput>;
  regress(input: RegressInput, options?: CallOptions): Promise<RegressOutput>;
  getModelMetadata(model: ModelSpecInput, options?: CallOptions): Promise<ModelMetadata>;
  /** No version in `model`: every version the server tracks. */
  getModelStatus(model: ModelSpecInput, options?: CallOptions): Promise<ModelVersionStatus[]>;
  /** Replaces the server's whole model list: models left out are unloaded. */
  handleReloadConfigRequest(models: readonly ModelConfig[], options?: CallOptions): Promise<void>;
}

type UnaryMethod = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

// TF Serving answers can be large (batched predictions); gRPC's default is 4 MiB.
const CHANNEL_OPTIONS: grpc.ChannelOptions = { "grpc.max_receive_message_length": 64 * 1024 * 1024 };

type PooledClient = TfsGrpcClient & { close(): void };

const pool = new Map<string, PooledClient>();

export function getTfsClient(address: string): TfsGrpcClient {
  let client = pool.get(address);
  if (!client) {
    client = createClient(address);
    pool.set(address, client);
  }
  return client;
}

/** Close every pooled channel (tests, shutdown). */
export function closeTfsClients(): void {
  for (const client of pool.values()) client.close();
  pool.clear();
}

function unary<T>(stub: grpc.Client, method: string, request: object, options: CallOptions | undefined): Promise<T> {
  const call = (stub as unknown as Record<string, UnaryMethod>)[method] as UnaryMethod;
  const deadline = Date.now() + (options?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return new Promise<T>((resolve, reject) => {
    call.call(stub, request, new grpc.Metadata(), { deadline }, (error, response) => {
      if (error) reject(appErrorFromGrpc(error.code, error.details || error.message));
      else resolve(response as T);
    });
  });
}

interface ClassifyResponseProto {
  model_spec?: ModelSpecProto;
  result?: { classifications?: Array<{ classes?: Array<{ label?: string; score?: number }> }> };
}

interface RegressResponseProto {
  model_spec?: ModelSpecProto;
  result?: { regressions?: Array<{ value?: number }> };
}

function createClient(address: string): PooledClient {
  const { PredictionService, ModelService } = loadTfsProtos();
  const credentials = grpc.credentials.createInsecure();
  const prediction = new PredictionService(address, credentials, CHANNEL_OPTIONS);
  const model = new ModelService(address, credentials, { ...CHANNEL_OPTIONS, channelOverride: prediction.getChannel() });

  return {
    address,
    close: () => prediction.close(),

    async predict(input, options) {
      const inputs = Object.fromEntries(Object.entries(input.inputs).map(([alias, t]) => [alias, encodeTensor(t)]));
      const res = await unary<{ model_spec?: ModelSpecProto; outputs?: Record<string, TensorProtoObject> }>(
        prediction,
        "Predict",
        { model_spec: modelSpecToProto(input.model), inputs, output_filter: input.outputFilter ?? [] },
        options,
      );
      const outputs = Object.fromEntries(Object.entries(res.outputs ?? {}).map(([alias, t]) => [alias, decodeTensor(t)]));
      return { model: modelSpecFromProto(res.model_spec), outputs };
    },

    async classify(input, options) {
      const res = await unary<ClassifyResponseProto>(
        prediction,
        "Classify",
        { model_spec: modelSpecToProto(input.model), input: inputToProto(input.examples, input.context) },
        options,
      );
      const classifications = (res.result?.classifications ?? []).map((c) =>
        (c.classes ?? []).map((cls) => ({ label: cls.label ?? "", score: cls.score ?? 0 })),
      );
      return { model: modelSpecFromProto(res.model_spec), classifications };
    },

    async regress(input, options) {
      const res = await unary<RegressResponseProto>(
        prediction,
        "Regress",
        { model_spec: modelSpecToProto(input.model), input: inputToProto(input.examples, input.context) },
        options,
      );
      return { model: modelSpecFromProto(res.model_spec), values: (res.result?.regressions ?? []).map((r) => r.value ?? 0) };
    },

    async getModelMetadata(spec, options) {
      const res = await unary<{ model_spec?: ModelSpecProto; metadata?: Record<string, { type_url?: string; value?: Uint8Array }> }>(
        prediction,
        "GetModelMetadata",
        { model_spec: modelSpecToProto(spec), metadata_field: ["signature_def"] },
        options,
      );
      const packed = res.metadata?.signature_def;
      if (!packed?.value) throw new AppError("bad_gateway", "GetModelMetadata answered without signature_def");
      const map = decodeMessage<{ signature_def?: Record<string, SignatureDefProto> }>("tensorflow.serving.SignatureDefMap", packed.value);
      return { model: modelSpecFromProto(res.model_spec), signatureDefs: signatureDefsFromProto(map.signature_def) };
    },

    async getModelStatus(spec, options) {
      const res = await unary<{ model_version_status?: object[] }>(model, "GetModelStatus", { model_spec: modelSpecToProto(spec) }, options);
      return (res.model_version_status ?? []).map(versionStatusFromProto);
    },

    async handleReloadConfigRequest(models, options) {
      const res = await unary<{ status?: { error_code?: string; error_message?: string } }>(
        model,
        "HandleReloadConfigRequest",
        { config: modelServerConfigToProto(models) },
        options,
      );
      // TF Serving reports failures as the gRPC status; a non-OK body is the older style.
      const code = res.status?.error_code ?? "OK";
      if (code !== "OK") {
        const grpcCode = (grpc.status as unknown as Record<string, number>)[code] ?? grpc.status.UNKNOWN;
        throw appErrorFromGrpc(grpcCode, res.status?.error_message ?? code);
      }
    },
  };
}
