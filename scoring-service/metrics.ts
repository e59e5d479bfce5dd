import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { STAGES, type Stage, type TraceStep } from "@/sdk/src/runtime/types";
import { SeriesHistogram, type HistogramSeries } from "./series-histogram";

/** A stage of the request outside the runtime: reading and checking the body. */
export type ServiceStage = Stage | "request";

const SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Series of this many release revisions are kept: the current one and the ones just before it, for rates across a switch. */
const KEPT_REVISIONS = 3;
const KNOWN_CODES = new Set(["bad_request", "not_found", "unprocessable", "payload_too_large", "bad_gateway", "unavailable", "timeout", "internal"]);

export interface RequestOutcome {
  /** The solution the request was scored under, null when it failed before one was picked. */
  solution: string | null;
  /** The release revision the request was scored under, null before any release. */
  revision: number | null;
  /** Solution names of that release: the only values the solution label takes (bounded). */
  solutions: readonly string[];
  status: number;
  items: number;
  seconds: number;
  trace?: TraceStep[] | undefined;
  error?: { stage: ServiceStage; code: string } | undefined;
}

/**
 * The service's Prometheus metrics. Labels are bounded: `solution` is one of the release's
 * solutions (or "none"), `revision` one of the last few releases (older series are dropped),
 * `stage` and `status` come from fixed sets, `code` from the runtime's codes (else "other").
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"solution" | "revision" | "status">;
  private readonly items: Counter<"solution" | "revision">;
  private readonly errors: Counter<"stage" | "code" | "solution" | "revision">;
  private readonly requestSeconds: SeriesHistogram;
  private readonly stageSeconds: SeriesHistogram;
  /** Requests being answered: a number read when scraped, not a gauge written twice per request. */
  readonly inFlight = { count: 0, inc: () => void this.inFlight.count++, dec: () => void this.inFlight.count-- };
  /** Per solution and revision: the series a request records into, looked up once per request. */
  private readonly series = new Map<string, SolutionSeries>();
  private readonly release: Gauge;
  private readonly consoleUnanswered: Counter<"what">;
  /** Label sets used per revision, to drop them when the revision ages out. */
  private readonly used = new Map<string, Set<string>>();
  private readonly labelsOf = new Map<string, Record<string, string>>();

  constructor(app: string) {
    this.registry.setDefaultLabels({ app });
    const registers = [this.registry];
    this.requests = new Counter({ name: "scoring_requests_total", help: "POST /score requests answered, by HTTP status", labelNames: ["solution", "revision", "status"], registers });
    this.items = new Counter({ name: "scoring_items_total", help: "Items scored (1 per request without items)", labelNames: ["solution", "revision"], registers });
    this.errors = new Counter({ name: "scoring_errors_total", help: "Failed requests by the stage that failed", labelNames: ["stage", "code", "solution", "revision"], registers });
    this.requestSeconds = new SeriesHistogram("scoring_request_duration_seconds", "POST /score from body read to answer written", SECONDS, this.registry);
    this.stageSeconds = new SeriesHistogram("scoring_stage_duration_seconds", "Time in each runtime stage (config, bucket, solution, features, featureMap, fg, predict)", SECONDS, this.registry);
    const inFlight = this.inFlight;
    new Gauge({
      name: "scoring_requests_in_flight",
      help: "POST /score requests being answered",
      registers,
      collect() {
        this.set(inFlight.count);
      },
    });
    this.release = new Gauge({ name: "scoring_release_revision", help: "Revision of the release the service holds (0: none)", registers });
    this.consoleUnanswered = new Counter({
      name: "scoring_console_unanswered_total",
      help: "Console API calls answered from the console's last answer because it did not answer (down or 5xx)",
      labelNames: ["what"],
      registers,
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** A console GET answered from its last answer; `path` is reduced to what it asked for (a bounded label). */
  consoleDidNotAnswer(path: string): void {
    const what = path.startsWith("/api/v1/feature-tables/") ? "feature-table" : path.startsWith("/api/v1/fg/") ? "fg-package" : path.startsWith("/api/v1/registry/") ? "registry" : "other";
    this.consoleUnanswered.inc({ what });
  }

  setRelease(revision: number | null): void {
    this.release.set(revision ?? 0);
  }

  record(o: RequestOutcome): void {
    const solution = o.solution !== null && o.solutions.includes(o.solution) ? o.solution : "none";
    const revision = o.revision === null ? "none" : String(o.revision);
    const series = this.seriesOf(solution, revision);
    this.requests.inc({ solution, revision, status: statusLabel(o.status) });
    if (o.status < 400) this.items.inc(series.labels, o.items);
    this.requestSeconds.observe(series.request, o.seconds);
    const trace = o.trace;
    if (trace) {
      for (let i = 0; i < trace.length; i++) {
        const step = trace[i]!;
        const stage = series.stages[step.stage];
        if (stage) this.stageSeconds.observe(stage, step.ms / 1000);
      }
    }
    if (o.error) {
      const labels = { stage: o.error.stage, code: KNOWN_CODES.has(o.error.code) ? o.error.code : "other", solution, revision };
      this.remember(revision, labels);
      this.errors.inc(labels);
    }
  }

  private seriesOf(solution: string, revision: string): SolutionSeries {
    const key = `${solution}\u0000${revision}`;
    let series = this.series.get(key);
    if (!series) {
      const labels = { solution, revision };
      this.remember(revision, labels);
      const stages: Record<string, HistogramSeries> = {};
      for (const stage of STAGES) stages[stage] = this.stageSeconds.seriesOf(`${stage}\u0000${key}`, { stage, solution, revision });
      series = { labels, request: this.requestSeconds.seriesOf(key, labels), stages };
      this.series.set(key, series);
    }
    return series;
  }

  private remember(revision: string, labels: Record<string, string>): void {
    const key = Object.values(labels).join("\u0000");
    let sets = this.used.get(revision);
    if (sets?.has(key)) return;
    if (!sets) {
      sets = new Set();
      this.used.set(revision, sets);
      const numbered = [...this.used.keys()].filter((r) => r !== "none");
      if (numbered.length > KEPT_REVISIONS) {
        const oldest = numbered.map(Number).sort((a, b) => a - b)[0]!;
        this.forget(String(oldest));
      }
    }
    sets.add(key);
    this.labelsOf.set(key, labels);
  }

  private forget(revision: string): void {
    for (const key of this.used.get(revision) ?? []) {
      const labels = this.labelsOf.get(key)!;
      this.labelsOf.delete(key);
      if ("stage" in labels && "code" in labels) {
        this.errors.remove(labels);
        continue;
      }
      for (const status of STATUS_LABELS) this.requests.remove({ ...labels, status });
      this.items.remove(labels);
      this.series.delete(key);
      this.requestSeconds.remove(key);
      for (const stage of STAGES) this.stageSeconds.remove(`${stage}\u0000${key}`);
    }
    this.used.delete(revision);
  }
}

interface SolutionSeries {
  labels: { solution: string; revision: string };
  request: HistogramSeries;
  stages: Record<string, HistogramSeries>;
}

const STATUS_LABELS = ["200", "400", "404", "413", "415", "422", "500", "502", "503", "504", "other"];

function statusLabel(status: number): string {
  const s = String(status);
  return STATUS_LABELS.includes(s) ? s : "other";
}
