import type { Db } from "@/db";
import type { FgPackage } from "@/server/contracts/fg";
import type { TryFgResult } from "@/server/contracts/fg-packages";
import type { FeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";
import { serializeTensorIO } from "@/server/fg/tensor-io";
import { getFgVersion } from "./get-fg-version";

/**
 * The try-it box: runs a package on a pasted featureMap through runFg, exactly as scoring
 * would. `online` defaults to true and `log` to {}; failures are the fg's own clear errors
 * (unprocessable, with details.reason or details.problems).
 */
export async function tryFg(pkg: FgPackage, input: Record<string, unknown>): Promise<TryFgResult> {
  const featureMap: FeatureMap = {
    ...input,
    origin: input.origin as Record<string, unknown>,
    online: typeof input.online === "boolean" ? input.online : true,
    log: isObject(input.log) ? { ...input.log } : {},
  };
  const t0 = performance.now();
  const tensorIO = await runFg(pkg, featureMap);
  const ms = Math.round((performance.now() - t0) * 10) / 10;
  return { tensorIO, log: featureMap.log, canonical: serializeTensorIO(tensorIO), ms };
}

export async function tryFgVersion(db: Db, opts: { className: string; version: string; featureMap: Record<string, unknown> }): Promise<TryFgResult> {
  const detail = await getFgVersion(db, opts.className, opts.version);
  return tryFg(detail.package, opts.featureMap);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
