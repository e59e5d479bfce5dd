import { appErrorOf } from "@/server/scoring/app-error-of";
import type { TensorIO } from "@/server/fg/tensor-io";
import { predictWithFailover, PREDICT_DEADLINES, type PredictDeadlines } from "@/sdk/src/runtime/predict-with-failover";
import { consolePredictPorts, CONSOLE_ROTATION } from "./console-ports";

export { PREDICT_DEADLINES, type PredictDeadlines };

/**
 * Predict on the model's registered instances with the runtime's failover (round-robin across the
 * healthy ones, skipping failed instances; sdk/src/runtime/predict-with-failover.ts), through the
 * console's gRPC clients and its one rotation. Errors as the console's AppError.
 */
export async function predictOnInstance(
  instances: string[],
  model: { name: string; version: number },
  io: TensorIO,
  deadlines: PredictDeadlines = PREDICT_DEADLINES,
) {
  try {
    return await predictWithFailover(consolePredictPorts, CONSOLE_ROTATION, instances, model, io, deadlines);
  } catch (e) {
    throw appErrorOf(e);
  }
}
