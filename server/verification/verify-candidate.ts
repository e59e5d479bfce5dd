import type { Db } from "@/db";
import { getApp } from "@/server/apps/get-app";
import type { VerificationCheck } from "@/server/contracts/verification";
import { getLiveRelease } from "@/server/releases/get-live-release";
import { hashContent } from "@/server/releases/release-content";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { checkContract } from "./check-contract";
import { checkReferencesWith, solutionsOf } from "./check-references";
import { probeModels } from "./model-probes";
import { hashSampleSet, readSampleSet, readThresholds } from "./sample-set";
import { jobCount, scoreSamples, type ScoringTarget } from "./score-samples";
import type { VerificationOutcome, VerifyCandidateOptions } from "./verification-api";
import { modelStatesOf } from "./verification-inputs";

/**
 * A candidate release verified (docs/verification.md): its references, the app's sample
 * requests scored through every solution (and through live), and the tensor contract of each
 * solution. Changes nothing. Overall: any check failed → failed, else any warned → warned.
 */
export async function verifyCandidate(db: Db, opts: VerifyCandidateOptions): Promise<VerificationOutcome> {
  const { app, content } = opts;
  const progress = (done: number, total: number, step: string) => opts.onProgress?.({ done, total, step });
  const [samples, thresholds, live, appRow] = await Promise.all([readSampleSet(db, app), readThresholds(db, app), getLiveRelease(db, app), getApp(db, app)]);
  const baseInputs = {
    contentHash: hashContent(content),
    baseReleaseId: opts.baseReleaseId,
    liveReleaseId: live?.id ?? null,
    sampleSetHash: hashSampleSet(samples),
    settingsVersion: thresholds.version,
  };

  const parsed = solutionsOf(content);
  if (!parsed.ok) {
    const checks = [parsed.check(app)];
    return { state: "failed", checks, samples: [], sampleCount: samples.length, inputs: { ...baseInputs, models: [], fgVersions: [] } };
  }
  const solutions = parsed.list;
  const settings = parseSolutionsDocument(content.document).settings;
  const candidate: ScoringTarget = {
    app: settings ? { name: app, bucketCount: settings.bucket_count, hashKey: settings.hash_key, salt: settings.salt } : { name: app, bucketCount: appRow.bucketCount, hashKey: appRow.hashKey, salt: appRow.salt },
    solutions,
    versions: content.versions,
  };
  const liveTarget = live ? targetOf(app, { document: live.document, versions: live.versions }, candidate.app) : null;
  const total = 2 + jobCount(candidate, liveTarget, samples.length);

  progress(0, total, "checking references");
  const probes = await probeModels(db, solutions.map((s) => s.model.name));
  const references = await checkReferencesWith(db, { app, content, solutions, probes });

  progress(1, total, "scoring sample requests");
  const scored = await scoreSamples(db, {
    candidate,
    live: liveTarget,
    samples,
    thresholds,
    onScored: (done) => progress(1 + done, total, "scoring sample requests"),
  });

  progress(total - 1, total, "checking the tensor contract");
  const contract = await Promise.all(
    solutions.map((solution) =>
      checkContract(db, { app, solution, versions: content.versions, probe: probes.get(solution.model.name), sampleTensorIOs: scored.tensorIOs.get(solution.name) ?? [] }),
    ),
  );
  progress(total, total, "done");

  const checks = [...references, ...contract, ...scored.checks];
  const publishedFg = new Set(references.filter((c) => c.id.startsWith("references.fg:") && c.status === "passed").map((c) => c.solution));
  const fgVersions = [...new Set(solutions.filter((s) => publishedFg.has(s.name)).map((s) => `${s.fg.class}@${s.fg.version}`))].sort();
  return {
    state: overallState(checks),
    checks,
    samples: scored.samples,
    sampleCount: samples.length,
    inputs: { ...baseInputs, models: modelStatesOf(solutions, content.versions, probes), fgVersions },
  };
}

export function overallState(checks: readonly VerificationCheck[]): VerificationOutcome["state"] {
  if (checks.some((c) => c.status === "failed")) return "failed";
  if (checks.some((c) => c.status === "warned")) return "warned";
  return "passed";
}

/** Live's configuration to compare with; null when its document cannot be read (it is not what is verified). */
function targetOf(app: string, content: { document: unknown; versions: Record<string, string> }, fallback: ScoringTarget["app"]): ScoringTarget | null {
  try {
    const doc = parseSolutionsDocument(content.document);
    const s = doc.settings;
    return { app: s ? { name: app, bucketCount: s.bucket_count, hashKey: s.hash_key, salt: s.salt } : fallback, solutions: doc.solutions, versions: content.versions };
  } catch {
    return null;
  }
}
