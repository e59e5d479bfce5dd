import type { FgPackage } from "@/server/contracts/fg";
import { runFg } from "@/server/fg/run-fg";
import { runFgBatchSettled } from "@/server/fg/run-fg-batch-settled";
import { logError, safeErrorMessage } from "@/server/log/loggable-error";
import { getTfsClient } from "@/server/tfs/grpc-client";
import { forgetInstanceFailure, logInstanceFailure } from "@/server/tfs/instance-errors";
import type { TensorInput } from "@/server/tfs/tensor-codec";
import type { ScoringPorts } from "@/sdk/src/runtime/ports";
import { createInstanceRotation } from "@/sdk/src/runtime/predict-with-failover";
import { modelSignatureOf } from "./model-signatures";
import type { ScoringDeps } from "./scoring-types";

/** The console's instance rotation: one per process, shared by trials, verification and the models pages' Predict. */
export const CONSOLE_ROTATION = createInstanceRotation();

/** Predict on one instance with the console's gRPC client, logging failures once per change. */
export const consolePredictPorts: Pick<ScoringPorts, "predict" | "onInstanceFailure" | "onInstanceAnswer"> = {
  predict: (instance, request, { timeoutMs }) =>
    getTfsClient(instance).predict({ ...request, inputs: request.inputs as Record<string, TensorInput> }, { timeoutMs }),
  onInstanceFailure: (instance, e) => logInstanceFailure(instance, "Predict", e),
  onInstanceAnswer: (instance) => forgetInstanceFailure(instance),
};

/**
 * The console's adapters for the scoring runtime's ports, over ScoringDeps (wire-scoring-deps.ts:
 * the DB-backed stores and registry, the config center; tests and the benchmark wire their own):
 * the fg runs in the console's sandbox pool, Predict and the models' signatures go through its
 * gRPC clients.
 */
export function consolePorts(deps: ScoringDeps): ScoringPorts<FgPackage> {
  return {
    loadConfig: deps.loadConfig,
    openTable: deps.openStore,
    fetchFg: deps.resolveFg,
    runFg: (pkg, featureMap) => runFg(pkg, featureMap, undefined, deps.fgOwner),
    runFgBatch: (pkg, featureMaps) => runFgBatchSettled(pkg, featureMaps, undefined, deps.fgOwner),
    instances: deps.instances,
    // A batch stacks into one Predict when the model's signature has a batch dimension.
    modelSignature: (model) => modelSignatureOf(deps.instances, model),
    ...consolePredictPorts,
    logUnexpected: logError,
    errorMessage: safeErrorMessage,
  };
}
