import type { ModelSignature } from "@/sdk/src/runtime/ports";
import { getTfsClient } from "@/server/tfs/grpc-client";

/**
 * The runtime's modelSignature port (stacking a batch along a batch dimension): the serving
 * signature's inputs as the model's instances state them in GetModelMetadata, asked of each
 * registered instance in turn. Only `serving_default` (the one Predict uses when it names none),
 * exactly as the console's port (server/scoring/model-signatures.ts) reads it with the same TF
 * dtype names: the service must stack a batch exactly as trial scoring does, so its answers are
 * byte-identical. A model version
 * is immutable, so a found signature is kept for the process's life; none found is null (the
 * runtime then sends a batch one Predict per item).
 */
export function modelSignatures(instances: (model: string) => Promise<string[]>, timeoutMs = 2000) {
  const found = new Map<string, ModelSignature>();
  return async (model: { name: string; version: number }): Promise<ModelSignature | null> => {
    const key = `${model.name}@${model.version}`;
    const hit = found.get(key);
    if (hit) return hit;
    for (const address of await instances(model.name)) {
      try {
        const metadata = await getTfsClient(address).getModelMetadata({ name: model.name, version: model.version }, { timeoutMs });
        const defs = metadata.signatureDefs;
        const def = defs.serving_default;
        if (!def) return null;
        const signature: ModelSignature = { inputs: Object.fromEntries(Object.entries(def.inputs).map(([name, t]) => [name, { dtype: t.dtype, shape: t.shape }])) };
        found.set(key, signature);
        return signature;
      } catch {
        continue;
      }
    }
    return null;
  };
}
