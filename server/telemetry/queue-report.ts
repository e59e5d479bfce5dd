import type { Db } from "@/db";
import type { TelemetryReportInput } from "@/server/contracts/telemetry";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { checkReportCaps } from "./check-report-caps";
import { writeReportBatch, type IngestResult } from "./write-report-batch";

/**
 * A batch holds at most this many reports, or this many series (more wait for the next batch):
 * enough to share a transaction's fixed costs, few enough that the transaction stays short (with
 * PGlite, every other request's query waits for it; bench/results/telemetry-ingest.md).
 */
const MAX_BATCH_REPORTS = 250;
const MAX_BATCH_SERIES = 20_000;
/** What a refused reporter is told to wait: a batch commits in well under a second. */
const RETRY_AFTER_SECONDS = 1;

interface Pending {
  report: TelemetryReportInput;
  weight: number;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/**
 * Reports wait here and are written together (write-report-batch.ts): while one batch is being
 * written, the reports arriving queue up and become the next batch, so under load a transaction
 * carries hundreds of reports and its fixed costs (commit, statements) are shared. A report's
 * promise settles when its batch has committed: a 200 means the report is stored. The queue holds
 * at most `maxQueuedSeries` series (queued and being written, a report counting 1 + its series);
 * past that a report is refused at once with 429 and Retry-After, never held.
 */
export class IngestQueue {
  private pending: Pending[] = [];
  private weight = 0;
  private draining = false;

  constructor(
    private readonly db: Db,
    private readonly maxQueuedSeries: number,
  ) {}

  add(report: TelemetryReportInput): Promise<IngestResult> {
    checkReportCaps(report);
    const weight = 1 + report.solutions.length + report.buckets.length;
    if (this.weight + weight > this.maxQueuedSeries) {
      throw new AppError("rate_limited", `The console's telemetry queue is full (at most ${this.maxQueuedSeries} series). Send the report again in ${RETRY_AFTER_SECONDS} s.`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        limit: this.maxQueuedSeries,
      });
    }
    this.weight += weight;
    const done = new Promise<IngestResult>((resolve, reject) => this.pending.push({ report, weight, resolve, reject }));
    if (!this.draining) {
      this.draining = true;
      // After the current turn of the event loop: reports arriving together go in one batch.
      setImmediate(() => void this.drain());
    }
    return done;
  }

  /** Series queued or being written. */
  queued(): number {
    return this.weight;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        await this.write(this.take());
      }
    } finally {
      this.draining = false;
    }
  }

  private take(): Pending[] {
    let series = 0;
    let n = 0;
    while (n < this.pending.length && n < MAX_BATCH_REPORTS && (n === 0 || series + this.pending[n]!.weight <= MAX_BATCH_SERIES)) series += this.pending[n++]!.weight;
    return this.pending.splice(0, n);
  }

  /** Writes a batch; each report leaves the queue's count as its promise settles. */
  private async write(batch: Pending[]): Promise<void> {
    const settle = (p: Pending, outcome: { result: IngestResult } | { error: unknown }) => {
      this.weight -= p.weight;
      if ("result" in outcome) p.resolve(outcome.result);
      else p.reject(outcome.error);
    };
    try {
      const results = await writeReportBatch(this.db, batch.map((p) => p.report));
      batch.forEach((p, i) => settle(p, { result: results[i]! }));
    } catch (error) {
      if (batch.length === 1) return settle(batch[0]!, { error });
      // One report the database refuses must not fail the others: each is written alone.
      for (const p of batch) {
        try {
          settle(p, { result: (await writeReportBatch(this.db, [p.report]))[0]! });
        } catch (error) {
          settle(p, { error });
        }
      }
    }
  }
}

const g = globalThis as unknown as { __telemetryQueues?: WeakMap<Db, IngestQueue> };

/** Queues a report for the next batch written to `db` (one queue per database per process); resolves once it is stored. */
export function queueReport(db: Db, report: TelemetryReportInput): Promise<IngestResult> {
  g.__telemetryQueues ??= new WeakMap();
  let queue = g.__telemetryQueues.get(db);
  if (!queue) g.__telemetryQueues.set(db, (queue = new IngestQueue(db, env().TELEMETRY_INGEST_QUEUE_SERIES)));
  return queue.add(report);
}
