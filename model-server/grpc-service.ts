import * as grpc from "@grpc/grpc-js";
import { loadTfsProtos } from "@/server/tfs/load-protos";
import { modelConfigsFromProto, type ModelServerConfigProto } from "@/server/tfs/model-config";
import type { ModelSpecProto } from "@/server/tfs/proto-convert";
import type { TensorProtoObject } from "@/server/tfs/tensor-codec";
import { serializeInputExamples, type InputObject } from "./examples";
import { signatureDefMapAny, versionStatusObject } from "./metadata";
import type { ModelManager } from "./model-manager";
import { resolveTarget, runClassify, runMultiInference, runPredict, runRegress, type InferenceTarget } from "./run-inference";
import { tensorFromProto, tensorToProto } from "./server-tensor";
import { invalidArgument, toServingError } from "./serving-error";

/** PredictionService (MultiInference included) and ModelService over the model manager, answering like TF Serving. */
type SpecProto = (ModelSpecProto & { version_choice?: string }) | null | undefined;

interface ExampleInputRequest {
  model_spec?: SpecProto;
  input?: InputObject | null;
}

function unary<Req>(handler: (request: Req) => object | Promise<object>): grpc.handleUnaryCall<Req, object> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (e: unknown) => {
          const error = toServingError(e);
          callback({ code: error.code, details: error.message });
        },
      );
  };
}

function requestedSpec(spec: SpecProto): { name: string; version?: number; label?: string } {
  if (!spec?.name) throw invalidArgument("Missing ModelSpec");
  if (spec.version_choice === "version_label" || spec.version_label) return { name: spec.name, label: spec.version_label };
  const raw = typeof spec.version === "object" && spec.version !== null ? spec.version.value : spec.version;
  return raw === undefined || raw === null ? { name: spec.name } : { name: spec.name, version: Number(raw) };
}

const specObject = (target: InferenceTarget, signatureName: string) => ({
  name: target.model,
  version: { value: String(target.version) },
  signature_name: signatureName,
});

export function addTfsServices(server: grpc.Server, manager: ModelManager): void {
  const { PredictionService, ModelService } = loadTfsProtos();
  const target = (spec: SpecProto) => resolveTarget(manager, requestedSpec(spec));

  server.addService(PredictionService.service, {
    Predict: unary<{ model_spec?: SpecProto; inputs?: Record<string, TensorProtoObject>; output_filter?: string[] }>((req) => {
      const t = target(req.model_spec);
      const inputs = Object.fromEntries(Object.entries(req.inputs ?? {}).map(([alias, proto]) => [alias, tensorFromProto(proto)]));
      const { signatureName, outputs } = runPredict(t, req.model_spec?.signature_name ?? "", inputs, req.output_filter ?? []);
      return {
        model_spec: specObject(t, signatureName),
        outputs: Object.fromEntries(Object.entries(outputs).map(([alias, tensor]) => [alias, tensorToProto(tensor)])),
      };
    }),

    Classify: unary<ExampleInputRequest>((req) => {
      const t = target(req.model_spec);
      const { signatureName, classifications } = runClassify(t, req.model_spec?.signature_name ?? "", serializeInputExamples(req.input));
      return { model_spec: specObject(t, signatureName), result: { classifications: classifications.map((classes) => ({ classes })) } };
    }),

    Regress: unary<ExampleInputRequest>((req) => {
      const t = target(req.model_spec);
      const { signatureName, values } = runRegress(t, req.model_spec?.signature_name ?? "", serializeInputExamples(req.input));
      return { model_spec: specObject(t, signatureName), result: { regressions: values.map((value) => ({ value })) } };
    }),

    MultiInference: unary<{ tasks?: Array<{ model_spec?: SpecProto; method_name?: string }>; input?: InputObject | null }>((req) => {
      const tasks = req.tasks ?? [];
      // TF Serving resolves the model of the first task, then checks every task against it.
      const t = target(tasks[0]?.model_spec);
      const results = runMultiInference(
        t,
        tasks.map((task) => ({ modelName: task.model_spec?.name ?? "", signatureName: task.model_spec?.signature_name ?? "", methodName: task.method_name ?? "" })),
        () => serializeInputExamples(req.input),
      );
      return {
        results: results.map((r) => ({
          model_spec: specObject(t, r.signatureName),
          ...(r.classifications
            ? { classification_result: { classifications: r.classifications.map((classes) => ({ classes })) } }
            : { regression_result: { regressions: (r.values ?? []).map((value) => ({ value })) } }),
        })),
      };
    }),

    GetModelMetadata: unary<{ model_spec?: SpecProto; metadata_field?: string[] }>((req) => {
      const fields = req.metadata_field ?? [];
      if (fields.length === 0) throw invalidArgument("GetModelMetadataRequest must specify at least one metadata_field");
      const unsupported = fields.find((f) => f !== "signature_def");
      if (unsupported) throw invalidArgument(`Metadata field ${unsupported} is not supported`);
      const t = target(req.model_spec);
      return { model_spec: specObject(t, ""), metadata: { signature_def: signatureDefMapAny(t.servable) } };
    }),
  });

  server.addService(ModelService.service, {
    GetModelStatus: unary<{ model_spec?: SpecProto }>((req) => {
      const spec = requestedSpec(req.model_spec);
      const version = spec.label === undefined ? spec.version : manager.labelVersion(spec.name, spec.label);
      return { model_version_status: manager.getStatus(spec.name, version).map(versionStatusObject) };
    }),

    HandleReloadConfigRequest: unary<{ config?: (ModelServerConfigProto & { config?: string }) | null }>(async (req) => {
      // Like TF Serving's ModelServiceImpl: only a model_config_list is taken (an empty list
      // unloads everything); an unset config is refused.
      if (req.config?.config !== "model_config_list") {
        throw invalidArgument("ServerModelConfig type not supported by HandleReloadConfigRequest. Only ModelConfigList is currently supported");
      }
      await manager.reloadConfig(modelConfigsFromProto(req.config));
      return { status: { error_code: "OK", error_message: "" } };
    }),
  });
}
