import { getSignaturesFrom } from "@/server/models/get-signatures";
import type { ModelSignature } from "@/sdk/src/runtime/ports";

/** Predict names no signature, so TF Serving uses this one. */
const PREDICT_SIGNATURE = "serving_default";
/** Models times versions a console scores in a while; beyond it the oldest is asked again. */
export const SIGNATURE_CACHE_SIZE = 64;

const cache = new Map<string, Promise<ModelSignature | null>>();

/**
 * The serving signature of a model version, for stacking a batch (the runtime's modelSignature
 * port): asked of the model's registered instances once per model@version (a version's
 * signature never changes) and kept in a small map, the oldest dropped first. A failure is not
 * kept: the next batch asks again (and meanwhile scores one Predict per item).
 */
export function modelSignatureOf(instances: (model: string) => Promise<string[]>, model: { name: string; version: number }): Promise<ModelSignature | null> {
  const key = `${model.name}@${model.version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const pending = (async () => {
    const meta = await getSignaturesFrom(await instances(model.name), { model: model.name, version: model.version });
    const def = meta.signatureDefs[PREDICT_SIGNATURE];
    if (!def) return null;
    return { inputs: Object.fromEntries(Object.entries(def.inputs).map(([name, t]) => [name, { dtype: t.dtype, shape: t.shape }])) };
  })();
  cache.set(key, pending);
  if (cache.size > SIGNATURE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key);
  });
  return pending;
}

/** For tests: forget every signature. */
export function clearModelSignatures(): void {
  cache.clear();
}
