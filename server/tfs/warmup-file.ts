import type { PredictInput } from "./grpc-client";
import { encodeMessage } from "./load-protos";
import { modelSpecToProto } from "./proto-convert";
import { encodeTensor } from "./tensor-codec";
import { writeTfRecords } from "./tfrecord";

/**
 * TF Serving's warmup file for a SavedModel version: a TFRecord file of PredictionLog, one
 * PredictLog per request. Put it at `<base_path>/<version>/assets.extra/tf_serving_warmup_requests`;
 * TF Serving (and the dev model server) replays it when the version loads, before it is
 * AVAILABLE. TF Serving reads at most 1000 records.
 */
export const WARMUP_FILE_NAME = "tf_serving_warmup_requests";
export const MAX_WARMUP_RECORDS = 1000;

export function buildWarmupFile(requests: readonly PredictInput[]): Buffer {
  if (requests.length > MAX_WARMUP_RECORDS) throw new Error(`TF Serving reads at most ${MAX_WARMUP_RECORDS} warmup records`);
  return writeTfRecords(
    requests.map((r) =>
      encodeMessage("tensorflow.serving.PredictionLog", {
        predict_log: {
          request: {
            model_spec: modelSpecToProto(r.model),
            inputs: Object.fromEntries(Object.entries(r.inputs).map(([alias, t]) => [alias, encodeTensor(t)])),
            output_filter: r.outputFilter ?? [],
          },
        },
      }),
    ),
  );
}
