import { buildFeatureMap, RESERVED_FEATURE_NAMES, type FeatureMap } from "./featuremap";

/**
 * A featureMap given as JSON (a line of the offline runner's file, the try box's paste) made
 * into the featureMap online scoring would build: everything but `origin`, `online` and `log`
 * is a feature, in the order given, and goes through buildFeatureMap like a scoring request's
 * features do. `online` is the caller's (the runner says false); a `log` in the input is
 * dropped: it is what an earlier run wrote, and an fg must start from the log online scoring
 * gives it, or its tensors could depend on where the featureMap came from.
 *
 * Throws an Error with a one-line reason for input that is not a featureMap.
 */
export function readFeatureMap(value: unknown, online: boolean): FeatureMap {
  if (!isObject(value)) throw new Error("Expected a featureMap object");
  if (!isObject(value.origin)) throw new Error('A featureMap needs an "origin" object');
  const features = Object.fromEntries(Object.entries(value).filter(([k]) => !(RESERVED_FEATURE_NAMES as readonly string[]).includes(k)));
  return buildFeatureMap({ origin: value.origin, online, features });
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
