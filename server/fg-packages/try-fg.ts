import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { FgPackage } from "@/server/contracts/fg";
import type { TryFgResult } from "@/server/contracts/fg-packages";
import { badRequest, isAppError } from "@/server/errors";
import type { FeatureMap } from "@/server/fg/featuremap";
import { readFeatureMap } from "@/server/fg/read-featuremap";
import { runFg } from "@/server/fg/run-fg";
import { serializeTensorIO } from "@/server/fg/tensor-io";
import { fgOwnerOf } from "@/server/fg/fg-owner";
import { hitFgTryLimit } from "./fg-try-limit";
import { getFgVersion } from "./get-fg-version";

/**
 * The try-it box: runs a package on a pasted featureMap through runFg, exactly as scoring
 * would: the featureMap is made by the builder scoring and the offline runner use (a feature
 * that is null is listed in log.missing_features; a pasted `log` is dropped). `online` defaults
 * to true. Failures are the fg's own clear errors (unprocessable, with details.reason or
 * details.problems). Each run counts against the person's FG_TRY_LIMIT_PER_MINUTE (429), and
 * a code fg takes the person's fair share of the sandbox pool.
 */
export async function tryFg(actor: Actor, pkg: FgPackage, input: Record<string, unknown>): Promise<TryFgResult> {
  hitFgTryLimit(actor);
  return runTry(actor, pkg, input);
}

export async function tryFgVersion(db: Db, opts: { actor: Actor; className: string; version: string; featureMap: Record<string, unknown> }): Promise<TryFgResult> {
  hitFgTryLimit(opts.actor);
  const detail = await getFgVersion(db, opts.className, opts.version);
  return runTry(opts.actor, detail.package, opts.featureMap);
}

async function runTry(actor: Actor, pkg: FgPackage, input: Record<string, unknown>): Promise<TryFgResult> {
  let featureMap: FeatureMap;
  try {
    featureMap = readFeatureMap(input, typeof input.online === "boolean" ? input.online : true);
  } catch (e) {
    throw isAppError(e) ? e : badRequest(e instanceof Error ? e.message : String(e));
  }
  const t0 = performance.now();
  const tensorIO = await runFg(pkg, featureMap, undefined, fgOwnerOf(actor));
  const ms = Math.round((performance.now() - t0) * 10) / 10;
  return { tensorIO, log: featureMap.log, canonical: serializeTensorIO(tensorIO), ms };
}
