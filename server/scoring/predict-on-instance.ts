import { AppError, isAppError } from "@/server/errors";
import type { TensorIO } from "@/server/fg/tensor-io";
import { getTfsClient, type PredictOutput } from "@/server/tfs/grpc-client";
import type { TensorInput } from "@/server/tfs/tensor-codec";

const cursor = new Map<string, number>();

/**
 * Predict on the model's registered instances, round-robin; an instance that does not answer
 * (UNAVAILABLE) is skipped for the next one. Any other TF Serving error is the answer. The
 * address always comes from the registry list passed in, never from the request.
 */
export async function predictOnInstance(instances: string[], model: { name: string; version: number }, io: TensorIO, timeoutMs = 5000) {
  if (instances.length === 0) throw new AppError("unavailable", `no instance of model ${model.name} is registered`, { model: model.name });
  const start = (cursor.get(model.name) ?? 0) % instances.length;
  cursor.set(model.name, start + 1);
  const inputs: Record<string, TensorInput> = Object.fromEntries(
    io.inputs.map((t) => [t.name, { dtype: t.dtype, shape: t.shape, values: t.values } as TensorInput]),
  );
  const request = { model: { name: model.name, version: model.version }, inputs, outputFilter: io.outputs.map((o) => o.name) };
  const tried: { instance: string; error: string }[] = [];
  for (let i = 0; i < instances.length; i++) {
    const instance = instances[(start + i) % instances.length]!;
    try {
      const t0 = performance.now();
      const response: PredictOutput = await getTfsClient(instance).predict(request, { timeoutMs });
      // The RPC as the client sees it (encode, network, model, decode): the benchmark subtracts it to find the console's own work.
      return { instance, request, response, skipped: tried, rpcMs: performance.now() - t0 };
    } catch (e) {
      if (isAppError(e) && e.status === 503) {
        tried.push({ instance, error: e.message });
        continue;
      }
      throw e;
    }
  }
  throw new AppError("unavailable", `no instance of model ${model.name} answers: ${tried.map((t) => `${t.instance} (${t.error})`).join("; ")}`, { tried });
}
