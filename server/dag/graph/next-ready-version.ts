import { AppError } from "@/server/errors";
import { isNewer, maxVersion } from "./compare-versions";

/**
 * The ready version a trigger node moves to when its inputs moved.
 *
 * Rule: the newest online version among its predecessors. A loader behind a data node thus
 * carries the data's own version (`favpush_vec_v2` at 20240105 -> `load_vec` at 20240105),
 * which is what a `{version:KEY}` template wants. When that is not newer than the node's
 * current version (another, older input moved), the node still needs a new, greater version:
 * it takes `<newest input>.<n>`, counting n up from 1 (20240105 -> 20240105.1 -> 20240105.2),
 * which compareVersions orders after 20240105 and before the next real input 20240106.
 */
export function nextReadyVersion(current: string | null, inputs: string[]): string {
  const newest = maxVersion(inputs);
  if (newest === null) throw new AppError("internal", "nextReadyVersion needs at least one input version");
  if (current === null || isNewer(newest, current)) return newest;
  const suffix = current.startsWith(`${newest}.`) ? current.slice(newest.length + 1) : "";
  return /^\d+$/.test(suffix) ? `${newest}.${BigInt(suffix) + 1n}` : `${current}.1`;
}
