/**
 * The value at a dot path of the featureMap (`cf.score`, `origin.uid`, `user_vec.0`), or
 * `undefined` when any step is missing or null: a getKV that found nothing puts null in the
 * featureMap, and for a feature that is the same as absent. Only own properties are followed,
 * so `x.constructor` is missing rather than a function.
 */
export function readPath(root: Record<string, unknown>, path: string): unknown {
  let current: unknown = root;
  for (const segment of path.split(".")) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) {
      current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    } else if (typeof current === "object" && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current ?? undefined;
}
