import { featureLogLine, type FeatureLogEntry, type FeatureLogHead, type FeatureLogScored } from "./feature-log-record";

/** Where the log's lines go: one call per batch of lines (no trailing newlines), one call at a time. */
export interface FeatureLogSink {
  write(lines: string[]): Promise<void>;
  close?(): Promise<void>;
}

export interface FeatureLoggerOptions {
  sink: FeatureLogSink;
  /**
   * The fraction of requests logged, 0 (default: off) to 1: one number for every app, or per app
   * name (apps not named: 0).
   */
  sampleRate?: number | Record<string, number>;
  /** Uniform in [0, 1); Math.random by default (tests inject one). */
  random?: () => number;
  /** The clock for records without a time. */
  now?: () => Date;
  /** Lines waiting for the sink at most; a sampled request that does not fit is dropped whole. Default 10,000. */
  maxQueue?: number;
  /** Characters waiting for the sink at most (the queue's memory). Default 32 MiB. */
  maxQueueChars?: number;
  /** Lines per sink write at most. Default 500. */
  maxBatch?: number;
  /** Told once per sink failure or unserialisable record (never thrown into scoring). */
  onError?: (error: unknown) => void;
}

export interface FeatureLogStats {
  /** Requests the sampling chose. */
  sampled: number;
  /** Lines the sink accepted. */
  written: number;
  /** Lines dropped because the queue was full. */
  dropped: number;
  /** Lines lost to a sink error or a value JSON cannot hold. */
  failed: number;
  /** Lines waiting now. */
  queued: number;
}

export interface FeatureLogger {
  /**
   * Samples the request and, when chosen, queues its line(s): one per request, one per item of a
   * batch (items that failed, null, have none). Never throws, never waits: serialising happens
   * here (so later changes to the objects do not leak in), writing happens later.
   */
  maybeLog(entry: FeatureLogEntry): void;
  /** Whether a request of `app` can be sampled at all (its rate over 0, the logger open): the runtime skips building the entry otherwise. */
  samples(app: string): boolean;
  stats(): FeatureLogStats;
  /** Resolves when every line queued so far is written (or lost). */
  flush(): Promise<void>;
  /** Flushes, then closes the sink. */
  close(): Promise<void>;
}

/**
 * The runtime's feature log (README "Feature logging"): a sample of scored requests as JSON
 * lines, {request, release, solution, featureMap, TensorIO, outputs}, from which training samples
 * are joined and which `npm run fg -- --replay` proves offline fg equal to online. Writing is
 * asynchronous through a bounded queue: a slow or failing sink costs dropped lines, never
 * scoring latency or errors.
 */
export function createFeatureLogger(opts: FeatureLoggerOptions): FeatureLogger {
  const random = opts.random ?? Math.random;
  const now = opts.now ?? (() => new Date());
  const maxQueue = opts.maxQueue ?? 10_000;
  const maxQueueChars = opts.maxQueueChars ?? 32 * 1024 * 1024;
  const maxBatch = Math.max(1, opts.maxBatch ?? 500);
  const onError = opts.onError ?? (() => {});
  const rate = (app: string): number => {
    const r = typeof opts.sampleRate === "number" ? opts.sampleRate : (opts.sampleRate?.[app] ?? 0);
    return Number.isFinite(r) ? r : 0;
  };
  const stats: Omit<FeatureLogStats, "queued"> = { sampled: 0, written: 0, dropped: 0, failed: 0 };
  const queue: string[] = [];
  let queuedChars = 0;
  let writing: Promise<void> | undefined;
  let closed = false;

  const report = (e: unknown) => {
    try {
      onError(e);
    } catch {
      // An error reporter that throws must not reach scoring either.
    }
  };

  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      for (const line of batch) queuedChars -= line.length;
      try {
        await opts.sink.write(batch);
        stats.written += batch.length;
      } catch (e) {
        stats.failed += batch.length;
        report(e);
      }
    }
  };

  const startWriting = () => {
    if (writing) return;
    // Always after the current tick: the caller (scoring) gets its answer out first.
    writing = Promise.resolve()
      .then(drain)
      .finally(() => {
        writing = undefined;
        if (queue.length > 0) startWriting();
      });
  };

  return {
    samples(app) {
      return !closed && rate(app) > 0;
    },
    maybeLog(entry) {
      try {
        if (closed) return;
        const r = rate(entry.app);
        if (!(r > 0) || !(r >= 1 || random() < r)) return;
        stats.sampled++;
        const head = {
          time: entry.time ?? now().toISOString(),
          app: entry.app,
          request: entry.request,
          release: entry.release,
          solution: entry.solution,
          bucket: entry.bucket,
          fg: entry.fg,
        };
        let lines: string[];
        try {
          lines = "items" in entry ? batchLines(head, entry.items) : [featureLogLine(head, entry)];
        } catch (e) {
          stats.failed += "items" in entry ? entry.items.filter(Boolean).length : 1;
          report(e);
          return;
        }
        const chars = lines.reduce((n, l) => n + l.length, 0);
        // All of a request's lines or none: a training join wants whole requests.
        if (queue.length + lines.length > maxQueue || queuedChars + chars > maxQueueChars) {
          stats.dropped += lines.length;
          return;
        }
        for (const line of lines) queue.push(line);
        queuedChars += chars;
        startWriting();
      } catch (e) {
        report(e);
      }
    },
    stats: () => ({ ...stats, queued: queue.length }),
    async flush() {
      while (writing) await writing;
    },
    async close() {
      closed = true;
      while (writing) await writing;
      await opts.sink.close?.();
    },
  };
}

/**
 * A batch's lines: each carries the request without its `items` and its own item's entry
 * (`requestItem`), so a line stays the size of one item, not of the whole batch.
 */
function batchLines(head: FeatureLogHead & { time: string }, items: (FeatureLogScored | null)[]): string[] {
  const req = head.request;
  const requestItems = isObject(req) && Array.isArray(req.items) ? (req.items as unknown[]) : undefined;
  const shared = requestItems ? { ...head, request: Object.fromEntries(Object.entries(req as Record<string, unknown>).filter(([k]) => k !== "items")) } : head;
  return items.flatMap((it, i) => (it ? [featureLogLine(shared, it, { item: i, requestItem: requestItems?.[i] })] : []));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
