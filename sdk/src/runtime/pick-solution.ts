import { bucketOf } from "../core/bucketing";
import { solutionOfBucket } from "../core/published/pick-solution";
import type { Solution } from "../core/solutions/solution-types";
import type { ScoringPorts } from "./ports";
import { ScoringError } from "./scoring-error";
import type { Observed } from "./observed";
import type { Tracer } from "./tracer";
import type { ConfigSourceName, ScoreRequest, ScoringConfig } from "./types";

/**
 * The stages a single request and a batch share: the app's config, the bucket of the origin's
 * hash key (a batch is one user, so one bucket), and the bucket's solution (or a forced one).
 */
export async function pickSolution<Pkg>(
  ports: ScoringPorts<Pkg>,
  t: Tracer,
  req: ScoreRequest,
  seen?: Observed,
): Promise<{ config: ScoringConfig; bucket: number; solution: Solution }> {
  const source: ConfigSourceName = req.options?.source ? "change-request" : (req.options?.config ?? "published");
  const config: ScoringConfig = await t.stage("config", { app: req.app_name, source }, () => ports.loadConfig(req.app_name, source, req), (c) => ({
    revision: c.revision,
    solutions: c.solutions.map((s) => s.name),
    versions: c.versions,
  }));

  if (seen) seen.config = config;
  const bucket = t.stageSync("bucket", { hashKey: config.app.hashKey, salt: config.app.salt, bucketCount: config.app.bucketCount }, () => {
    if (req.options?.bucket !== undefined) {
      if (!Number.isInteger(req.options.bucket) || req.options.bucket < 0 || req.options.bucket >= config.app.bucketCount) {
        throw new ScoringError("bad_request", `bucket ${req.options.bucket} does not exist; ${config.app.name} has buckets 0-${config.app.bucketCount - 1}`);
      }
      return req.options.bucket;
    }
    const keyValue = req.origin[config.app.hashKey];
    if (keyValue === undefined || keyValue === null || keyValue === "") {
      throw new ScoringError("bad_request", `origin has no "${config.app.hashKey}", the field ${config.app.name} hashes into a bucket`, { field: config.app.hashKey });
    }
    if (typeof keyValue !== "string" && typeof keyValue !== "number") throw new ScoringError("bad_request", `origin.${config.app.hashKey} must be a string or a number`);
    return bucketOf({ salt: config.app.salt, keyValue, bucketCount: config.app.bucketCount });
  });

  if (seen) seen.bucket = bucket;
  const solution = t.stageSync("solution", { bucket, forced: req.options?.solution ?? null }, () => {
    const forced = req.options?.solution;
    const s = forced ? config.solutions.find((x) => x.name === forced) : solutionOfBucket(config.solutions, bucket);
    if (!s) {
      throw forced
        ? new ScoringError("not_found", `${config.app.name} has no solution "${forced}" in its ${source} config`)
        : new ScoringError("unprocessable", `bucket ${bucket} belongs to no solution in the ${source} config of ${config.app.name}`);
    }
    return s;
  }, (s) => ({ name: s.name, model: s.model, fg: s.fg }));

  if (seen) seen.solution = solution;
  return { config, bucket, solution };
}
