import type { Db } from "@/db";
import { listSampleRequests } from "@/server/samples/list-sample-requests";
import { bucketOf } from "@/sdk/src/core/bucketing";
import { solutionOfBucket } from "@/sdk/src/core/published/pick-solution";
import type { Actor } from "@/server/auth/actor";
import { getApp } from "@/server/apps/get-app";
import { RateLimiter } from "@/server/auth/rate-limit";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { isAppError, unprocessable } from "@/server/errors";
import { predictInputOf, tensorIoForOrigin } from "@/server/scoring/tensor-io-for-origin";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import type { PredictInput } from "@/server/tfs/grpc-client";
import { buildWarmupFile, MAX_WARMUP_RECORDS } from "@/server/tfs/warmup-file";

/** Builds are a scoring pipeline run per sample request: a few per person per minute. */
export const WARMUP_BUILDS_PER_MINUTE = 6;
const holder = globalThis as unknown as { __warmupLimiter?: RateLimiter };

/**
 * TF Serving's warmup file (assets.extra/tf_serving_warmup_requests) for one version of a
 * model, from an app's sample requests: each sample runs the scoring pipeline up to the fg
 * with the published solution that serves this model (the one of the sample's bucket when
 * several do), and becomes one PredictRequest for `model`/`version`. At most 1000 samples
 * (TF Serving's limit), oldest first.
 */
export async function buildWarmupFileForApp(
  db: Db,
  opts: { actor: Actor; app: string; model: string; version: number; center?: ConfigCenter },
): Promise<{ file: Buffer; records: number }> {
  holder.__warmupLimiter ??= new RateLimiter(WARMUP_BUILDS_PER_MINUTE, 60_000);
  holder.__warmupLimiter.hit(`${opts.actor.type}:${"id" in opts.actor ? opts.actor.id : opts.actor.name}`);

  await getApp(db, opts.app); // 404 for an unknown app
  const samples = (await listSampleRequests(db, opts.app)).slice(0, MAX_WARMUP_RECORDS);
  if (samples.length === 0) throw unprocessable("the app has no sample requests", { app: opts.app });

  const deps = wireScoringDeps(db, opts.center);
  const config = await deps.loadConfig(opts.app, "published");
  const serving = config.solutions.filter((s) => s.model.name === opts.model);
  if (serving.length === 0) {
    throw unprocessable(`no solution of ${opts.app} serves model ${opts.model} in its published config`, { app: opts.app, model: opts.model });
  }

  const requests: PredictInput[] = [];
  for (const sample of samples) {
    const key = sample.origin[config.app.hashKey];
    const bucket =
      typeof key === "string" || typeof key === "number" ? bucketOf({ salt: config.app.salt, keyValue: key, bucketCount: config.app.bucketCount }) : null;
    const solution = (bucket !== null ? solutionOfBucket(serving, bucket) : undefined) ?? (serving[0] as (typeof serving)[number]);
    try {
      const io = await tensorIoForOrigin(deps, { origin: sample.origin, solution, versions: config.versions });
      requests.push(predictInputOf({ name: opts.model, version: opts.version }, io));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw unprocessable(`sample request "${sample.name}" (solution ${solution.name}): ${message}`, {
        sample: sample.name,
        solution: solution.name,
        cause: isAppError(e) ? e.details : undefined,
      });
    }
  }
  return { file: buildWarmupFile(requests), records: requests.length };
}
