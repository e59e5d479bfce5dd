import { hostname } from "node:os";
import { backoffDelay } from "../backoff";
import { TELEMETRY_LIMITS, type TelemetryReport } from "../core/telemetry/report";
import type { BucketSeries, SolutionSeries } from "../core/telemetry/series";
import type { TelemetryAggregator } from "./create-aggregator";

export interface ReporterOptions {
  /** The console's base URL, e.g. https://console.example.com. */
  url: string;
  /** An API token with the `telemetry:write` scope. */
  token: string;
  aggregator: TelemetryAggregator;
  /** How often aggregates are sent (default 60 s). */
  intervalMs?: number;
  /** Names this process in the console's instance list (default: a random UUID per process). */
  instance?: string;
  host?: string;
  /** Reports kept while the console is unreachable (default 60: an hour at 60 s); older ones are dropped and counted. */
  maxQueue?: number;
  retry?: { minMs?: number; maxMs?: number };
  /** Deadline of one POST (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  onError?: (error: Error) => void;
}

export interface ReporterStats {
  queued: number;
  sent: number;
  /** Reports dropped (queue full, refused by the console) since the start. */
  droppedReports: number;
}

export interface TelemetryReporter {
  start(): void;
  /** Turns what the aggregator holds into a report and sends everything queued; resolves when done (or failed for now). */
  flush(): Promise<void>;
  /** Stops the timer and sends what is left, once (no retries). */
  stop(): Promise<void>;
  stats(): ReporterStats;
}

/**
 * Sends the aggregator's reports to `POST /api/v1/telemetry`, off the scoring path: a timer
 * drains the aggregator into a bounded queue, and one sender at a time posts the queue in order,
 * retrying with backoff and jitter. Each report keeps its id across retries, so the console
 * counts it once. Nothing here throws into the caller; errors go to onError.
 */
export function createTelemetryReporter(options: ReporterOptions): TelemetryReporter {
  const intervalMs = options.intervalMs ?? 60_000;
  const maxQueue = Math.max(1, options.maxQueue ?? 60);
  const retry = { minMs: options.retry?.minMs ?? 1_000, maxMs: options.retry?.maxMs ?? 60_000 };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? globalThis.fetch;
  const instance = options.instance ?? globalThis.crypto.randomUUID();
  const host = options.host ?? safeHostname();
  const endpoint = `${options.url.replace(/\/+$/, "")}/api/v1/telemetry`;
  const onError = options.onError ?? (() => {});
  const queue: TelemetryReport[] = [];
  const pending = { reports: 0, records: 0 };
  const stats = { sent: 0, droppedReports: 0 };
  let failures = 0;
  let retryAt = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let sending: Promise<void> | null = null;
  let inFlight: TelemetryReport | null = null;

  function drop(report: TelemetryReport): void {
    stats.droppedReports++;
    // What the dropped report was carrying about earlier drops is not lost with it.
    pending.reports += 1 + report.dropped.reports;
    pending.records += report.dropped.records;
  }

  function enqueue(): void {
    const drained = options.aggregator.drain();
    pending.records += drained.droppedRecords;
    // Before the first request there is nothing to say, not even which app this instance serves.
    if (!Object.keys(drained.releases).length && !pending.reports && !pending.records) return;
    const chunks = chunkSeries(drained.solutions, drained.buckets);
    for (const [i, chunk] of chunks.entries()) {
      queue.push({
        id: globalThis.crypto.randomUUID(),
        instance,
        host,
        from: drained.from,
        to: drained.to,
        releases: drained.releases,
        solutions: chunk.solutions,
        buckets: chunk.buckets,
        dropped: i === 0 ? { ...pending } : { reports: 0, records: 0 },
      });
    }
    pending.reports = pending.records = 0;
    // The oldest go first, but not one being sent: it may well arrive.
    while (queue.length > maxQueue) drop(queue.splice(queue[0] === inFlight ? 1 : 0, 1)[0]!);
  }

  async function post(report: TelemetryReport): Promise<"sent" | "refused" | "retry"> {
    try {
      const res = await doFetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
        body: JSON.stringify(report),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return "sent";
      // A report the console refuses (malformed, too big) will never pass; a bad token might be fixed.
      if (res.status >= 400 && res.status < 500 && ![401, 403, 408, 429].includes(res.status)) {
        onError(new Error(`telemetry: the console refused a report (${res.status})`));
        return "refused";
      }
      onError(new Error(`telemetry: the console answered ${res.status}`));
      return "retry";
    } catch (e) {
      onError(e instanceof Error ? e : new Error(String(e)));
      return "retry";
    }
  }

  async function sendQueued(once: boolean): Promise<void> {
    while (queue.length) {
      if (!once && Date.now() < retryAt) return;
      const report = queue[0]!;
      inFlight = report;
      const outcome = await post(report).finally(() => {
        inFlight = null;
      });
      if (outcome === "retry") {
        failures++;
        if (once) return;
        const delay = backoffDelay(failures, retry.minMs, retry.maxMs);
        retryAt = Date.now() + delay;
        scheduleRetry(delay);
        return;
      }
      queue.shift();
      if (outcome === "sent") {
        stats.sent++;
        failures = 0;
        retryAt = 0;
      } else drop(report);
    }
  }

  function scheduleRetry(delay: number): void {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void pump(false);
    }, delay);
    retryTimer.unref?.();
  }

  function pump(once: boolean): Promise<void> {
    if (sending) return sending;
    sending = sendQueued(once)
      .catch((e: unknown) => onError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => {
        sending = null;
      });
    return sending;
  }

  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        enqueue();
        void pump(false);
      }, intervalMs);
      timer.unref?.();
    },
    async flush() {
      enqueue();
      if (sending) await sending;
      retryAt = 0;
      await pump(false);
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (retryTimer) clearTimeout(retryTimer);
      timer = retryTimer = null;
      enqueue();
      if (sending) await sending;
      await pump(true);
    },
    stats: () => ({ queued: queue.length, sent: stats.sent, droppedReports: stats.droppedReports }),
  };
}

/** Bytes of series one report carries at most: well under the console's body limit, with room for the rest. */
const CHUNK_BYTES = Math.floor(TELEMETRY_LIMITS.bodyBytes * 0.75);

/** Splits series into reports under the console's series caps and body limit (at least one report, maybe empty: a heartbeat). */
function chunkSeries(solutions: SolutionSeries[], buckets: BucketSeries[]) {
  const chunks: { solutions: SolutionSeries[]; buckets: BucketSeries[] }[] = [{ solutions: [], buckets: [] }];
  let bytes = 0;
  const room = (size: number, list: "solutions" | "buckets") => {
    const last = chunks[chunks.length - 1]!;
    const max = list === "solutions" ? TELEMETRY_LIMITS.solutionSeries : TELEMETRY_LIMITS.bucketSeries;
    if (bytes + size > CHUNK_BYTES || last[list].length >= max) {
      chunks.push({ solutions: [], buckets: [] });
      bytes = 0;
    }
    bytes += size;
    return chunks[chunks.length - 1]!;
  };
  for (const s of solutions) room(JSON.stringify(s).length, "solutions").solutions.push(s);
  // A bucket series is small and alike: its size is estimated, not measured.
  for (const b of buckets) room(b.app.length + b.release.length + 100, "buckets").buckets.push(b);
  return chunks.filter((c, i) => i === 0 || c.solutions.length || c.buckets.length);
}

function safeHostname(): string {
  try {
    return hostname().slice(0, TELEMETRY_LIMITS.nameChars) || "unknown";
  } catch {
    return "unknown";
  }
}
