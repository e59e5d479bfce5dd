import fs from "node:fs/promises";
import path from "node:path";
import { status as GrpcStatus } from "@grpc/grpc-js";
import { decodeMessage } from "@/server/tfs/load-protos";
import type { TensorProtoObject } from "@/server/tfs/tensor-codec";
import { readTfRecords, TfRecordDataLoss } from "@/server/tfs/tfrecord";
import { serializeInputExamples, type InputObject } from "./examples";
import { runClassify, runMultiInference, runPredict, runRegress, type InferenceTarget } from "./run-inference";
import { tensorFromProto } from "./server-tensor";
import { invalidArgument, ServingError, unimplemented } from "./serving-error";

/**
 * TF Serving's SavedModel warmup (servables/tensorflow/saved_model_warmup_util.cc): when a
 * version loads, the requests in `assets.extra/tf_serving_warmup_requests` (a TFRecord file
 * of PredictionLog) are replayed against it before it becomes AVAILABLE. A failing request,
 * an unsupported log type, more than 1000 records or a file that is not TFRecord fails the
 * load. The model spec inside the requests is ignored (they run on the version loading).
 */
export const WARMUP_FILE = path.join("assets.extra", "tf_serving_warmup_requests");
export const MAX_WARMUP_RECORDS = 1000;

type Spec = { signature_name?: string } | null | undefined;

interface PredictionLogObject {
  log_type?: string;
  predict_log?: { request?: { model_spec?: Spec; inputs?: Record<string, TensorProtoObject>; output_filter?: string[] } };
  classify_log?: { request?: { model_spec?: Spec; input?: InputObject } };
  regress_log?: { request?: { model_spec?: Spec; input?: InputObject } };
  multi_inference_log?: {
    request?: { tasks?: Array<{ model_spec?: (Spec & { name?: string }) | null; method_name?: string }>; input?: InputObject };
  };
}

// The PredictionLog.log_type field numbers, as TF Serving prints them in its error.
const LOG_TYPE_NUMBERS: Record<string, number> = { classify_log: 2, regress_log: 3, multi_inference_log: 4, predict_log: 6, predict_streamed_log: 7 };

function replay(target: InferenceTarget, log: PredictionLogObject): void {
  switch (log.log_type) {
    case "predict_log": {
      const req = log.predict_log?.request;
      const inputs = Object.fromEntries(Object.entries(req?.inputs ?? {}).map(([alias, proto]) => [alias, tensorFromProto(proto)]));
      runPredict(target, req?.model_spec?.signature_name ?? "", inputs, req?.output_filter ?? []);
      return;
    }
    case "classify_log": {
      const req = log.classify_log?.request;
      runClassify(target, req?.model_spec?.signature_name ?? "", serializeInputExamples(req?.input));
      return;
    }
    case "regress_log": {
      const req = log.regress_log?.request;
      runRegress(target, req?.model_spec?.signature_name ?? "", serializeInputExamples(req?.input));
      return;
    }
    case "multi_inference_log": {
      const req = log.multi_inference_log?.request;
      const tasks = (req?.tasks ?? []).map((t) => ({
        modelName: t.model_spec?.name ?? "",
        signatureName: t.model_spec?.signature_name ?? "",
        methodName: t.method_name ?? "",
      }));
      runMultiInference({ ...target, model: tasks[0]?.modelName || target.model }, tasks, () => serializeInputExamples(req?.input));
      return;
    }
    default:
      // A session_run_log (not in these protos) or an unset log_type.
      throw unimplemented(`Unsupported log_type for warmup: ${LOG_TYPE_NUMBERS[log.log_type ?? ""] ?? 0}`);
  }
}

/** Replays the version's warmup file, if it has one: the number of records replayed, or null. */
export async function runWarmup(versionDir: string, target: InferenceTarget, log: (message: string) => void): Promise<number | null> {
  const file = path.join(versionDir, WARMUP_FILE);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  const started = process.hrtime.bigint();
  log(`Starting to read warmup data for model at ${file} with model-warmup-options`);
  let records: Uint8Array[];
  try {
    records = readTfRecords(bytes);
  } catch (e) {
    if (e instanceof TfRecordDataLoss) {
      throw new ServingError(GrpcStatus.DATA_LOSS, `${e.message}. Please verify your warmup data is in TFRecord format.`);
    }
    throw e;
  }
  let count = 0;
  for (const record of records) {
    let entry: PredictionLogObject;
    try {
      entry = decodeMessage<PredictionLogObject>("tensorflow.serving.PredictionLog", record);
    } catch {
      throw invalidArgument("Failed to parse PredictionLog from warmup record");
    }
    // A SavedModel this server cannot execute is checked, not run (TF Serving would run it).
    if (!target.servable.notExecutableReason) replay(target, entry);
    if (++count > MAX_WARMUP_RECORDS) {
      throw invalidArgument(`Number of warmup records exceeeds the maximum (${MAX_WARMUP_RECORDS}) at ${file}`);
    }
  }
  const micros = (process.hrtime.bigint() - started) / 1000n;
  log(`Finished reading warmup data for model at ${file}. Number of warmup records read: ${count}. Elapsed time (microseconds): ${micros}.`);
  return count;
}
