import type { Db } from "@/db";
import type { TelemetryQueuedResult, TelemetryReportInput } from "@/server/contracts/telemetry";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { logError } from "@/server/log/loggable-error";
import { checkReportCaps } from "./check-report-caps";
import { minutesKept, telemetrySettings } from "./telemetry-settings";
import { writeReportBatch } from "./write-report-batch";

/**
 * A batch holds at most this many reports, or this many series (more wait for the next batch):
 * enough to share a transaction's fixed costs (the row merges in SQL, the commit), few enough
 * that the transaction stays short (with PGlite every other request's query waits for it;
 * bench/results/telemetry-ingest.md).
 */
const MAX_BATCH_REPORTS = 1_000;
const MAX_BATCH_SERIES = 20_000;
/**
 * A batch starts at least TICK_MS after the one before, and at least WRITE_SHARE times its
 * duration: while reports keep coming, the writer takes at most a third of the time and leaves
 * the rest to answering reports and other requests, whose queries would otherwise always wait
 * behind a batch (PGlite has one connection). On a busy machine batches take longer, so they come
 * less often and carry more: their fixed cost (the rows' merge in SQL, the commit) is shared more.
 */
const TICK_MS = 250;
const WRITE_SHARE = 3;
/** What a refused reporter is told to wait: a batch commits in well under a second. */
const RETRY_AFTER_SECONDS = 1;
/** Waits between attempts while the database does not answer (doubling up to the last). */
const OUTAGE_BACKOFF_MS = [250, 500, 1_000, 2_000, 5_000];

interface Pending {
  report: TelemetryReportInput;
  weight: number;
}

/**
 * Reports wait here and are written together, one transaction per batch
 * (write-report-batch.ts): a report is answered as soon as it is queued (202), and a batch is
 * written at most every TICK_MS (longer after a long batch), holding what arrived since the last one, so under load a
 * transaction carries hundreds of reports and its fixed costs are shared. A retried report is
 * queued again and counted once when written (its id decides, in the database). The queue holds
 * at most `maxQueuedSeries` series (queued and being written, a report counting 1 + its series);
 * past that a report is refused at once with 503 and Retry-After, which the SDK's reporter
 * retries, as it does while the console is away.
 *
 * A batch the database refuses is written report by report when the database answers (one
 * report it refuses must not lose the others; that one is logged and dropped), and kept, in
 * order, while it does not (an outage fills the queue, and reporters hold their reports).
 */
export class IngestQueue {
  private pending: Pending[] = [];
  private weight = 0;
  private draining: Promise<void> | null = null;
  private lastBatchAt = -Infinity;
  private lastBatchMs = 0;
  private closed = false;

  private readonly writeBatch: typeof writeReportBatch;

  /** `write`: how a batch is written (tests stand in for the database with it). */
  constructor(
    private readonly db: Db,
    private readonly maxQueuedSeries: number,
    opts: { write?: typeof writeReportBatch } = {},
  ) {
    this.writeBatch = opts.write ?? writeReportBatch;
  }

  /** Queues a report (caps checked, series outside the minutes kept left out) and says what was taken. */
  add(report: TelemetryReportInput, now = new Date()): TelemetryQueuedResult {
    checkReportCaps(report);
    const weight = 1 + report.solutions.length + report.buckets.length;
    if (this.closed || this.weight + weight > this.maxQueuedSeries) {
      const why = this.closed ? "The console is shutting down." : `The console's telemetry queue is full (at most ${this.maxQueuedSeries} series).`;
      throw new AppError("unavailable", `${why} Send the report again in ${RETRY_AFTER_SECONDS} s.`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        limit: this.maxQueuedSeries,
      });
    }
    const kept = keptSeries(report, now);
    this.weight += weight;
    this.pending.push({ report: kept.report, weight });
    this.draining ??= this.drain();
    return { queued: true, solutions: kept.report.solutions.length, buckets: kept.report.buckets.length, skipped: kept.skipped };
  }

  /** Series queued or being written. */
  queued(): number {
    return this.weight;
  }

  /** Resolves once every report queued so far is written (or dropped as refused by the database). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Takes no more reports (503) and writes what is queued: the console is stopping. */
  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
  }

  private async drain(): Promise<void> {
    let outages = 0;
    try {
      while (this.pending.length) {
        // At the next tick, and at least after the current turn of the event loop: reports arriving together go in one batch.
        const wait = this.lastBatchAt + Math.max(TICK_MS, WRITE_SHARE * this.lastBatchMs) - performance.now();
        await new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
        this.lastBatchAt = performance.now();
        const left = await this.write(this.take());
        this.lastBatchMs = performance.now() - this.lastBatchAt;
        if (!left.length) {
          outages = 0;
          continue;
        }
        // The database does not answer: what is left of the batch goes back first, in order, and waits.
        this.pending.unshift(...left);
        await new Promise((resolve) => setTimeout(resolve, OUTAGE_BACKOFF_MS[Math.min(outages++, OUTAGE_BACKOFF_MS.length - 1)]));
      }
    } finally {
      this.draining = null;
    }
  }

  private take(): Pending[] {
    let series = 0;
    let n = 0;
    while (n < this.pending.length && n < MAX_BATCH_REPORTS && (n === 0 || series + this.pending[n]!.weight <= MAX_BATCH_SERIES)) series += this.pending[n++]!.weight;
    return this.pending.splice(0, n);
  }

  /** Writes a batch; returns what is still to write because the database does not answer (nothing when done). */
  private async write(batch: Pending[]): Promise<Pending[]> {
    try {
      await this.writeBatch(this.db, batch.map((p) => p.report));
      this.release(batch);
      return [];
    } catch (error) {
      if (!(await this.databaseAnswers())) {
        logError("[telemetry] the database does not answer; the queued reports wait", error);
        return batch;
      }
      if (batch.length === 1) return this.drop(batch[0]!, error);
    }
    for (const [i, p] of batch.entries()) {
      try {
        await this.writeBatch(this.db, [p.report]);
        this.release([p]);
      } catch (error) {
        // Those written alone are done; the rest waits for the database.
        if (!(await this.databaseAnswers())) return batch.slice(i);
        this.drop(p, error);
      }
    }
    return [];
  }

  private release(batch: readonly Pending[]): void {
    for (const p of batch) this.weight -= p.weight;
  }

  private drop(p: Pending, error: unknown): [] {
    this.release([p]);
    logError(`[telemetry] report ${p.report.id} of instance ${p.report.instance} was refused by the database and dropped`, error);
    return [];
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.db.execute("select 1");
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The report without its series for minutes the console no longer keeps per minute, or too far
 * ahead (decided at arrival: the answer says how many were skipped).
 */
function keptSeries(report: TelemetryReportInput, now: Date): { report: TelemetryReportInput; skipped: number } {
  const kept = minutesKept(telemetrySettings(), now);
  const solutions = report.solutions.filter((s) => kept(s.minute));
  const buckets = report.buckets.filter((b) => kept(b.minute));
  const skipped = report.solutions.length - solutions.length + report.buckets.length - buckets.length;
  return { report: skipped ? { ...report, solutions, buckets } : report, skipped };
}

/** Keep equal to BEFORE_EXIT_KEY in scripts/lib/console-server.mjs, which runs these on SIGTERM/SIGINT. */
const BEFORE_EXIT_KEY = "__scoringBeforeExit";
const g = globalThis as unknown as { __telemetryQueues?: WeakMap<Db, IngestQueue>; [BEFORE_EXIT_KEY]?: Set<() => Promise<void>> };

/**
 * The queue of reports to write to `db` (one per database per process). Reports were answered
 * 202 when queued: when the console stops (our own server, scripts/console-server.mjs), the
 * queue takes no more and writes what it holds before the process exits.
 */
export function telemetryQueueOf(db: Db): IngestQueue {
  g.__telemetryQueues ??= new WeakMap();
  let queue = g.__telemetryQueues.get(db);
  if (!queue) {
    const created = new IngestQueue(db, env().TELEMETRY_INGEST_QUEUE_SERIES);
    g.__telemetryQueues.set(db, created);
    (g[BEFORE_EXIT_KEY] ??= new Set()).add(() => created.close());
    queue = created;
  }
  return queue;
}

/** Queues a report for the next batch written to `db`; answers at once with what was taken. */
export function queueReport(db: Db, report: TelemetryReportInput): TelemetryQueuedResult {
  return telemetryQueueOf(db).add(report);
}
