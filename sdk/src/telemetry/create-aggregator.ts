import { addValue, addValues, type Histogram } from "../core/telemetry/histogram";
import { TELEMETRY_LIMITS } from "../core/telemetry/report";
import { emptyCounts, minuteOf, type BucketSeries, type SolutionSeries } from "../core/telemetry/series";

/** One scored request, as the runtime or a service reports it (one call per request). */
export interface ScoredRequest {
  app: string;
  /** The release revision the request was scored with (PublishedConfig.revision; null before any release). */
  release: string | number | null;
  solution: string;
  /** The bucket the request hashed to; null when none was picked (forced solution, or failed before). */
  bucket: number | null;
  /** A forced bucket or solution (trial scoring, verification): counted, but left out of the split check. */
  forced: boolean;
  /** Items scored (1 for a single request). */
  items?: number;
  /** The stage the request failed at, or null. */
  errorStage: string | null;
  /** stage -> milliseconds spent in it. */
  stageMs: Record<string, number>;
  /** output tensor -> the values to histogram. */
  outputs?: Record<string, ArrayLike<number>>;
  /** Features that came back missing. */
  missingFeatures?: readonly string[];
  /** When it was scored (ms since the epoch; default now). */
  at?: number;
}

export interface AggregatorOptions {
  /** Most solution and bucket series held between flushes; past it records are dropped and counted. */
  maxSolutionSeries?: number;
  maxBucketSeries?: number;
  now?: () => number;
}

export interface Drained {
  from: string;
  to: string;
  solutions: SolutionSeries[];
  buckets: BucketSeries[];
  /** app -> the latest release seen (kept across drains, so an idle instance still says what it runs). */
  releases: Record<string, string>;
  droppedRecords: number;
}

export interface TelemetryAggregator {
  /** Adds one scored request. Never throws: a record it cannot take is counted as dropped. */
  record(request: ScoredRequest): void;
  /** Everything since the last drain, and a fresh start. */
  drain(): Drained;
  readonly seriesCount: number;
}

const cap = (s: string) => (s.length > TELEMETRY_LIMITS.nameChars ? s.slice(0, TELEMETRY_LIMITS.nameChars) : s);
export const releaseLabel = (release: string | number | null) => (release === null || release === "" ? "none" : cap(String(release)));

/**
 * Per-minute aggregates of scored requests, in memory, bounded: at most maxSolutionSeries x
 * (histograms of at most ~1000 keys each, TELEMETRY_LIMITS.namesPerMap names per map).
 */
export function createTelemetryAggregator(options: AggregatorOptions = {}): TelemetryAggregator {
  const now = options.now ?? Date.now;
  const maxSolutions = options.maxSolutionSeries ?? TELEMETRY_LIMITS.solutionSeries;
  const maxBuckets = options.maxBucketSeries ?? TELEMETRY_LIMITS.bucketSeries;
  let solutions = new Map<string, SolutionSeries>();
  let buckets = new Map<string, BucketSeries>();
  const releases = new Map<string, { release: string; at: number }>();
  let dropped = 0;
  let from = now();

  // Hot path (once per scored request): the minute's text is kept while the minute lasts, and map
  // ids are NUL-joined names, not JSON (a NUL in a name could at worst merge two series of one app).
  let minuteMs = NaN;
  let minuteText = "";
  function take(r: ScoredRequest): void {
    const at = r.at ?? now();
    const startMs = Math.floor(at / 60_000) * 60_000;
    if (startMs !== minuteMs) {
      minuteMs = startMs;
      minuteText = minuteOf(at);
    }
    const minute = minuteText;
    const app = cap(r.app);
    const release = releaseLabel(r.release);
    const seen = releases.get(app);
    if (!seen || seen.at <= at) {
      if (seen) {
        seen.release = release;
        seen.at = at;
      } else if (releases.size < TELEMETRY_LIMITS.apps) releases.set(app, { release, at });
    }
    const solution = cap(r.solution);
    const id = `${app}\u0000${release}\u0000${solution}\u0000${minute}`;
    let series = solutions.get(id);
    if (!series) {
      const key = { app, release, minute, solution };
      if (solutions.size >= maxSolutions) {
        dropped++;
        return;
      }
      series = { ...key, ...emptyCounts() };
      solutions.set(id, series);
    }
    series.requests += 1;
    series.items += Number.isFinite(r.items) && r.items! > 0 ? Math.floor(r.items!) : 1;
    if (r.errorStage) addCount(series.errors, cap(r.errorStage), 1);
    const stageMs = r.stageMs ?? {};
    for (const stage in stageMs) {
      const ms = stageMs[stage]!;
      if (!Object.hasOwn(stageMs, stage) || !Number.isFinite(ms) || ms < 0) continue;
      const histogram = named(series.latency, cap(stage));
      if (histogram) addValue(histogram, ms);
    }
    const outputs = r.outputs ?? {};
    for (const output in outputs) {
      const values = outputs[output];
      if (!Object.hasOwn(outputs, output)) continue;
      const histogram = named(series.outputs, cap(output));
      if (histogram && values && typeof values.length === "number") addValues(histogram, values);
    }
    for (const feature of r.missingFeatures ?? []) addCount(series.missing, cap(feature), 1);

    if (r.forced || r.bucket === null || !Number.isInteger(r.bucket) || r.bucket < 0) return;
    const bucketId = `${app}\u0000${release}\u0000${r.bucket}\u0000${minute}`;
    const counted = buckets.get(bucketId);
    if (counted) counted.requests += 1;
    else if (buckets.size < maxBuckets) buckets.set(bucketId, { app, release, minute, bucket: r.bucket, requests: 1 });
    else dropped++;
  }

  return {
    record(request) {
      try {
        take(request);
      } catch {
        dropped++;
      }
    },
    drain() {
      const to = now();
      const out: Drained = {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        solutions: [...solutions.values()],
        buckets: [...buckets.values()],
        releases: Object.fromEntries([...releases].map(([app, r]) => [app, r.release])),
        droppedRecords: dropped,
      };
      solutions = new Map();
      buckets = new Map();
      dropped = 0;
      from = to;
      return out;
    },
    get seriesCount() {
      return solutions.size + buckets.size;
    },
  };
}

function addCount(map: Record<string, number>, name: string, n: number): void {
  if (name === "__proto__") return;
  if (map[name] === undefined && Object.keys(map).length >= TELEMETRY_LIMITS.namesPerMap) return;
  map[name] = (map[name] ?? 0) + n;
}

function named(map: Record<string, Histogram>, name: string): Histogram | null {
  if (name === "__proto__") return null;
  const have = map[name];
  if (have) return have;
  if (Object.keys(map).length >= TELEMETRY_LIMITS.namesPerMap) return null;
  return (map[name] = {});
}
