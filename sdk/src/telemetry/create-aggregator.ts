import { TELEMETRY_LIMITS } from "../core/telemetry/report";
import { minuteOf, type BucketSeries, type SolutionSeries } from "../core/telemetry/series";
import { HistogramAccumulator } from "./histogram-accumulator";

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
  stageMs?: Record<string, number>;
  /** The same as a list, as a trace holds it (each stage once): what the runtime passes, uncopied. */
  steps?: readonly { stage: string; ms: number }[];
  /** output tensor -> the values to histogram. */
  outputs?: Record<string, ArrayLike<number>>;
  /**
   * The same, as the answers hold them: one entry per item (a single request's answer is one), each
   * tensor's values histogrammed under its name; an entry without outputs (a failed item) and
   * tensors that are not numbers (string, bool) are skipped. What the runtime passes, uncopied.
   */
  itemOutputs?: readonly ItemAnswer[];
  /** Features that came back missing. */
  missingFeatures?: readonly string[];
  /** When it was scored (ms since the epoch; default now). */
  at?: number;
}

/** An item's answer as the runtime holds it: its output tensors, or its error. */
export type ItemAnswer = { outputs: Record<string, { values: ArrayLike<unknown> }> } | { error: unknown };

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

/** One solution series while its minute fills: histograms as accumulators, named at drain. */
interface SolutionAcc {
  series: SolutionSeries;
  latency: Named;
  outputs: Named;
}

/** Named histograms: a list in first-seen order, and where each name sits. */
interface Named {
  names: string[];
  histograms: HistogramAccumulator[];
  at: Map<string, number>;
}
const named = (): Named => ({ names: [], histograms: [], at: new Map() });

/** One minute's series, found by app, then release label, then solution or bucket: no joined key per request. */
interface MinuteSeries {
  text: string;
  apps: Map<string, Map<string, ReleaseSeries>>;
}
interface ReleaseSeries {
  solutions: Map<string, SolutionAcc>;
  buckets: Map<number, BucketSeries>;
}

/**
 * Per-minute aggregates of scored requests, in memory, bounded: at most maxSolutionSeries x
 * (histograms of at most ~1000 buckets each, TELEMETRY_LIMITS.namesPerMap names per map).
 */
export function createTelemetryAggregator(options: AggregatorOptions = {}): TelemetryAggregator {
  const now = options.now ?? Date.now;
  const maxSolutions = options.maxSolutionSeries ?? TELEMETRY_LIMITS.solutionSeries;
  const maxBuckets = options.maxBucketSeries ?? TELEMETRY_LIMITS.bucketSeries;
  // Series in the order they began (what drain lists), and each minute's lookup tree.
  let solutionList: SolutionAcc[] = [];
  let bucketList: BucketSeries[] = [];
  let minutes = new Map<number, MinuteSeries>();
  const releases = new Map<string, { release: string; at: number }>();
  let dropped = 0;
  let from = now();

  // Hot path, once per scored request (bench/live-telemetry.ts measures it): the current minute
  // kept, three Map lookups by names the caller already holds (their hashes cached), histograms
  // counted into typed arrays, and nothing allocated once a series exists.
  let lastMinuteMs = NaN;
  let lastMinute: MinuteSeries | null = null;
  function minuteAt(at: number): MinuteSeries {
    const startMs = Math.floor(at / 60_000) * 60_000;
    if (startMs === lastMinuteMs && lastMinute) return lastMinute;
    let minute = minutes.get(startMs);
    if (!minute) minutes.set(startMs, (minute = { text: minuteOf(startMs), apps: new Map() }));
    lastMinuteMs = startMs;
    return (lastMinute = minute);
  }

  // The last request's app and release as given, and where they led in the current minute: a
  // service scores the same app and release for minutes on end, so most requests skip to here.
  let lastApp: string | null = null;
  let lastRelease: ScoredRequest["release"] | undefined;
  let lastIn: MinuteSeries | null = null;
  let last: { app: string; release: string; series: ReleaseSeries; seen: { release: string; at: number } | null } | null = null;

  function releaseSeriesOf(r: ScoredRequest, minute: MinuteSeries, at: number) {
    if (r.app === lastApp && r.release === lastRelease && minute === lastIn && last) {
      if (last.seen && last.seen.at <= at) last.seen.at = at;
      return last;
    }
    const app = cap(r.app);
    const release = releaseLabel(r.release);
    let seen = releases.get(app) ?? null;
    if (!seen) {
      if (releases.size < TELEMETRY_LIMITS.apps) releases.set(app, (seen = { release, at }));
    } else if (seen.at <= at) {
      seen.release = release;
      seen.at = at;
    }
    let appSeries = minute.apps.get(app);
    if (!appSeries) minute.apps.set(app, (appSeries = new Map()));
    let series = appSeries.get(release);
    if (!series) appSeries.set(release, (series = { solutions: new Map(), buckets: new Map() }));
    lastApp = r.app;
    lastRelease = r.release;
    lastIn = minute;
    return (last = { app, release, series, seen });
  }

  function take(r: ScoredRequest): void {
    const at = r.at ?? now();
    const minute = minuteAt(at);
    const { app, release, series: releaseSeries } = releaseSeriesOf(r, minute, at);
    const solution = cap(r.solution);
    let acc = releaseSeries.solutions.get(solution);
    if (!acc) {
      if (solutionList.length >= maxSolutions) {
        dropped++;
        return;
      }
      const series: SolutionSeries = { app, release, minute: minute.text, solution, requests: 0, items: 0, errors: {}, latency: {}, outputs: {}, missing: {} };
      releaseSeries.solutions.set(solution, (acc = { series, latency: named(), outputs: named() }));
      solutionList.push(acc);
    }
    const series = acc.series;
    series.requests += 1;
    series.items += Number.isFinite(r.items) && r.items! > 0 ? Math.floor(r.items!) : 1;
    if (r.errorStage) addCount(series.errors, cap(r.errorStage), 1);
    const steps = r.steps;
    if (steps) {
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        if (Number.isFinite(step.ms) && step.ms >= 0) histogramOf(acc.latency, step.stage, i)?.add(step.ms);
      }
    }
    const stageMs = r.stageMs;
    if (stageMs) {
      let i = 0;
      for (const stage in stageMs) {
        const ms = stageMs[stage]!;
        if (Object.hasOwn(stageMs, stage) && Number.isFinite(ms) && ms >= 0) histogramOf(acc.latency, stage, i)?.add(ms);
        i++;
      }
    }
    const outputs = r.outputs;
    if (outputs) {
      let i = 0;
      for (const output in outputs) {
        if (!Object.hasOwn(outputs, output)) continue;
        const values = outputs[output];
        const histogram = histogramOf(acc.outputs, output, i++);
        if (histogram && values && typeof values.length === "number") histogram.addAll(values);
      }
    }
    const itemOutputs = r.itemOutputs;
    if (itemOutputs) for (let k = 0; k < itemOutputs.length; k++) addTensors(acc.outputs, (itemOutputs[k] as { outputs?: Record<string, { values: ArrayLike<unknown> }> } | undefined)?.outputs);
    const missing = r.missingFeatures;
    if (missing) for (let i = 0; i < missing.length; i++) addCount(series.missing, cap(missing[i]!), 1);

    if (r.forced || r.bucket === null || !Number.isInteger(r.bucket) || r.bucket < 0) return;
    const counted = releaseSeries.buckets.get(r.bucket);
    if (counted) counted.requests += 1;
    else if (bucketList.length < maxBuckets) {
      const bucket: BucketSeries = { app, release, minute: minute.text, bucket: r.bucket, requests: 1 };
      releaseSeries.buckets.set(r.bucket, bucket);
      bucketList.push(bucket);
    } else dropped++;
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
        solutions: solutionList.map(drained),
        buckets: bucketList,
        releases: Object.fromEntries([...releases].map(([app, r]) => [app, r.release])),
        droppedRecords: dropped,
      };
      solutionList = [];
      bucketList = [];
      minutes = new Map();
      lastMinute = null;
      lastMinuteMs = NaN;
      dropped = 0;
      from = to;
      return out;
    },
    get seriesCount() {
      return solutionList.length + bucketList.length;
    },
  };
}

function drained(acc: SolutionAcc): SolutionSeries {
  const series = acc.series;
  for (let i = 0; i < acc.latency.names.length; i++) series.latency[acc.latency.names[i]!] = acc.latency.histograms[i]!.toHistogram();
  for (let i = 0; i < acc.outputs.names.length; i++) series.outputs[acc.outputs.names[i]!] = acc.outputs.histograms[i]!.toHistogram();
  return series;
}

/** One answer's tensors into the named output histograms; string and bool tensors have none. */
function addTensors(into: Named, tensors: Record<string, { values: ArrayLike<unknown> }> | undefined): void {
  if (!tensors) return;
  let i = 0;
  for (const name in tensors) {
    const values = tensors[name]?.values;
    if (!values || values.length === 0 || typeof values[0] !== "number" || !Object.hasOwn(tensors, name)) continue;
    histogramOf(into, name, i++)?.addAll(values);
  }
}

function addCount(map: Record<string, number>, name: string, n: number): void {
  if (name === "__proto__") return;
  if (map[name] === undefined && Object.keys(map).length >= TELEMETRY_LIMITS.namesPerMap) return;
  map[name] = (map[name] ?? 0) + n;
}

/**
 * The histogram of `name`, made on first use (null past the names cap). `position` is where the
 * name came in this request: stages and tensors come in the same order each time, so the name
 * at that position is checked first and the Map only asked when it is not the same.
 */
function histogramOf(map: Named, name: string, position: number): HistogramAccumulator | null {
  if (map.names[position] === name) return map.histograms[position]!;
  const key = cap(name);
  const at = map.at.get(key);
  if (at !== undefined) return map.histograms[at]!;
  if (key === "__proto__" || map.names.length >= TELEMETRY_LIMITS.namesPerMap) return null;
  const histogram = new HistogramAccumulator();
  map.at.set(key, map.names.length);
  map.names.push(key);
  map.histograms.push(histogram);
  return histogram;
}
