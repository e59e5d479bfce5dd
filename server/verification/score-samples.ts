import type { Db } from "@/db";
import type { TensorIO } from "@/server/contracts/fg";
import type { FeatureQuery, Stage, TraceStep } from "@/server/contracts/scoring";
import type { Solution } from "@/server/contracts/solutions";
import type { OutputTensorStats, SolutionSampleStats, VerificationCheck } from "@/server/contracts/verification";
import { isAppError } from "@/server/errors";
import { runScoring } from "@/server/scoring/run-scoring";
import type { ScoreResult, ScoringConfig, ScoringDeps } from "@/server/scoring/scoring-types";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import { fixLinks } from "./fix-links";
import type { SampleRow, Thresholds } from "./sample-set";
import { safeErrorMessage } from "@/server/log/loggable-error";

/** How many scorings run at once: a verification never floods the stores or the model servers. */
export const SAMPLE_CONCURRENCY = 4;
const FIRST_FAILURES = 3;

/** A configuration to score through: the candidate's, or live's. */
export interface ScoringTarget {
  app: ScoringConfig["app"];
  solutions: Solution[];
  versions: Record<string, string>;
}

export interface ScoreSamplesOptions {
  candidate: ScoringTarget;
  /** Live's configuration, null when the app has no release to compare with. */
  live: ScoringTarget | null;
  samples: readonly SampleRow[];
  thresholds: Thresholds;
  /** Called after each scoring, with how many of `jobCount(...)` are done. */
  onScored?(done: number): void;
}

export interface ScoreSamplesResult {
  checks: VerificationCheck[];
  samples: SolutionSampleStats[];
  /** The TensorIOs each candidate solution's fg built (a code fg's contract is checked on them). */
  tensorIOs: Map<string, TensorIO[]>;
}

/** How many scorings scoreSamples makes: each sample through each candidate solution, and through live's same-named one. */
export function jobCount(candidate: ScoringTarget, live: ScoringTarget | null, sampleCount: number): number {
  const liveNames = new Set(live?.solutions.map((s) => s.name) ?? []);
  return sampleCount * candidate.solutions.reduce((n, s) => n + (liveNames.has(s.name) ? 2 : 1), 0);
}

type Outcome =
  | { ok: true; result: ScoreResult }
  | { ok: false; stage: Stage; message: string; trace: TraceStep[] };

interface Job {
  target: "candidate" | "live";
  solution: string;
  sample: SampleRow;
}

/**
 * The app's sample requests scored through every solution of the candidate, with the
 * candidate's versions, exactly as trial scoring does (runScoring with the console's wiring, its
 * configuration replaced by the candidate), and through live's same-named solution. Reads only.
 */
export async function scoreSamples(db: Db, opts: ScoreSamplesOptions): Promise<ScoreSamplesResult> {
  const { candidate, live, samples, thresholds } = opts;
  if (samples.length === 0) {
    return { checks: [noSamplesCheck(candidate.app.name)], samples: [], tensorIOs: new Map() };
  }
  const wired = wireScoringDeps(db);
  const depsOf = (t: ScoringTarget): ScoringDeps => {
    const config: ScoringConfig = { app: t.app, solutions: t.solutions, versions: t.versions, source: "published", revision: null };
    return { ...wired, loadConfig: async () => config };
  };
  const deps = { candidate: depsOf(candidate), live: live ? depsOf(live) : null };
  const liveNames = new Set(live?.solutions.map((s) => s.name) ?? []);

  const jobs: Job[] = [];
  for (const sample of samples) {
    for (const s of candidate.solutions) {
      jobs.push({ target: "candidate", solution: s.name, sample });
      if (liveNames.has(s.name)) jobs.push({ target: "live", solution: s.name, sample });
    }
  }
  const outcomes = new Map<Job, Outcome>();
  let done = 0;
  await runPool(jobs, SAMPLE_CONCURRENCY, async (job) => {
    const d = job.target === "candidate" ? deps.candidate : deps.live!;
    outcomes.set(job, await scoreOne(d, candidate.app.name, job));
    opts.onScored?.(++done);
  });

  const stats: SolutionSampleStats[] = [];
  const checks: VerificationCheck[] = [
    { id: "samples.present", kind: "samples", solution: null, status: "passed", title: `${samples.length} sample request${samples.length === 1 ? "" : "s"} scored through every solution`, reason: null, fix: null },
  ];
  const tensorIOs = new Map<string, TensorIO[]>();
  for (const s of candidate.solutions) {
    const mine = jobs.filter((j) => j.solution === s.name);
    const cand = mine.filter((j) => j.target === "candidate").map((j) => ({ sample: j.sample, outcome: outcomes.get(j)! }));
    const liveOutcomes = mine.filter((j) => j.target === "live").map((j) => outcomes.get(j)!);
    const stat = solutionStats(s, cand, live && liveNames.has(s.name) ? liveOutcomes : null);
    stats.push(stat);
    tensorIOs.set(s.name, cand.map((c) => tensorIOOf(c.outcome)).filter((io): io is TensorIO => io !== null));
    checks.push(scoredCheck(candidate.app.name, s, stat, thresholds), missingCheck(candidate.app.name, s, stat, thresholds));
  }
  return { checks, samples: stats, tensorIOs };
}

function noSamplesCheck(app: string): VerificationCheck {
  return {
    id: "samples.present",
    kind: "samples",
    solution: null,
    status: "warned",
    title: "The app has sample requests to score",
    reason: "no sample requests: nothing was scored, so this release is not proven to score. Add sample requests on the app's page.",
    fix: fixLinks.sampleRequests(app),
  };
}

async function scoreOne(deps: ScoringDeps, app: string, job: Job): Promise<Outcome> {
  // Yield to the event loop between scorings: other requests of the console go first.
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    const result = await runScoring(deps, { app_name: app, origin: job.sample.origin, options: { solution: job.solution, trace: true, config: "published" } });
    return { ok: true, result };
  } catch (e) {
    if (isAppError(e)) {
      const d = (e.details ?? {}) as { stage?: Stage; trace?: TraceStep[] };
      return { ok: false, stage: d.stage ?? "config", message: e.message, trace: d.trace ?? [] };
    }
    return { ok: false, stage: "config", message: safeErrorMessage(e), trace: [] };
  }
}

async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function queriesOf(o: Outcome): FeatureQuery[] | null {
  if (o.ok) return o.result.details?.queries ?? null;
  const step = o.trace.find((t) => t.stage === "features" && t.ok);
  return step ? (step.output as FeatureQuery[]) : null;
}

function tensorIOOf(o: Outcome): TensorIO | null {
  if (o.ok) return o.result.details?.tensorIO ?? null;
  const step = o.trace.find((t) => t.stage === "fg" && t.ok);
  return step ? (step.output as TensorIO) : null;
}

type Acc = { count: number; sum: number; min: number; max: number };

function outputValues(outcomes: readonly Outcome[]): Map<string, Acc> {
  const acc = new Map<string, Acc>();
  for (const o of outcomes) {
    if (!o.ok) continue;
    for (const [name, tensor] of Object.entries(o.result.outputs)) {
      let a = acc.get(name);
      if (!a) acc.set(name, (a = { count: 0, sum: 0, min: Infinity, max: -Infinity }));
      for (const v of tensor.values) {
        if (typeof v !== "number" || !Number.isFinite(v)) continue;
        a.count++;
        a.sum += v;
        a.min = Math.min(a.min, v);
        a.max = Math.max(a.max, v);
      }
    }
  }
  return acc;
}

const summary = (a: Acc | undefined) =>
  a && a.count > 0 ? { count: a.count, mean: a.sum / a.count, min: a.min, max: a.max } : { count: 0, mean: null, min: null, max: null };

function solutionStats(s: Solution, cand: { sample: SampleRow; outcome: Outcome }[], live: Outcome[] | null): SolutionSampleStats {
  const failures = cand.filter((c) => !c.outcome.ok) as { sample: SampleRow; outcome: Extract<Outcome, { ok: false }> }[];
  const failuresByStage: Record<string, number> = {};
  for (const f of failures) failuresByStage[f.outcome.stage] = (failuresByStage[f.outcome.stage] ?? 0) + 1;

  // Missing features over the samples whose lookups ran (a sample that failed later, at the fg say, counts too).
  const looked = cand.map((c) => queriesOf(c.outcome)).filter((q): q is FeatureQuery[] => q !== null);
  const missingFeatures = Object.keys(s.features).map((feature) => {
    const n = looked.filter((qs) => qs.find((q) => q.feature === feature)?.missing === true).length;
    return { feature, rate: looked.length === 0 ? 0 : n / looked.length };
  });

  const mineAcc = outputValues(cand.map((c) => c.outcome));
  const liveAcc = live ? outputValues(live) : null;
  const outputs: OutputTensorStats[] = [...mineAcc.keys()].sort().map((name) => {
    const mine = summary(mineAcc.get(name));
    const theirs = liveAcc ? summary(liveAcc.get(name)) : null;
    const shift = theirs && mine.mean !== null && theirs.mean !== null ? mine.mean - theirs.mean : null;
    return { name, ...mine, live: theirs, shift };
  });

  return {
    solution: s.name,
    scored: cand.length - failures.length,
    failed: failures.length,
    failuresByStage,
    firstFailures: failures.slice(0, FIRST_FAILURES).map((f) => ({ sample: f.sample.name, stage: f.outcome.stage, message: f.outcome.message })),
    missingFeatures,
    outputs,
  };
}

function scoredCheck(app: string, s: Solution, stat: SolutionSampleStats, t: Thresholds): VerificationCheck {
  const total = stat.scored + stat.failed;
  const base = { id: `samples.scored:${s.name}`, kind: "samples" as const, solution: s.name, title: `${stat.scored} of ${total} sample requests score through ${s.name}` };
  if (stat.failed === 0) return { ...base, status: "passed", reason: null, fix: null };
  const stages = Object.entries(stat.failuresByStage).map(([stage, n]) => `${n} at ${stage}`).join(", ");
  const first = stat.firstFailures.map((f) => `${f.sample}: ${f.message}`).join("; ");
  const reason = `${stat.failed} failed (${stages}; ${t.maxFailedSamples} tolerated): ${first}`;
  const fix = fixFor(app, s, stat.firstFailures[0]?.stage);
  return { ...base, status: stat.failed > t.maxFailedSamples ? "failed" : "warned", reason, fix };
}

function fixFor(app: string, s: Solution, stage: Stage | undefined): VerificationCheck["fix"] {
  switch (stage) {
    case "bucket":
      return fixLinks.sampleRequests(app);
    case "fg":
      return fixLinks.fg();
    case "predict":
      return fixLinks.model(s.model.name);
    case "features":
    case "featureMap":
      return fixLinks.featureTables();
    default:
      return fixLinks.solutions(app);
  }
}

function missingCheck(app: string, s: Solution, stat: SolutionSampleStats, t: Thresholds): VerificationCheck {
  const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
  const over = stat.missingFeatures.filter((m) => m.rate > t.missingFeatureWarnRate);
  const base = { id: `samples.missing_features:${s.name}`, kind: "samples" as const, solution: s.name, title: `No feature of ${s.name} is missing in more than ${pct(t.missingFeatureWarnRate)} of the samples` };
  if (over.length === 0) return { ...base, status: "passed", reason: null, fix: null };
  return {
    ...base,
    status: "warned",
    reason: `missing: ${over.map((m) => `${m.feature} in ${pct(m.rate)}`).join(", ")} of the samples whose features were looked up`,
    fix: fixLinks.featureTables(),
  };
}
