import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { bucketKeyOfSeries, emptyCounts, mergeSolutionCounts, solutionKeyOf, type BucketSeries, type SolutionSeries } from "@/sdk/src/core/telemetry/series";
import type { TelemetryReportInput } from "@/server/contracts/telemetry";
import { FIVE_MINUTE_SPAN, fiveMinuteStartOf } from "./five-minute-rows";
import { minutesKept, telemetrySettings, type TelemetrySettings } from "./telemetry-settings";
import { ADD_INTO_BUCKET_ROW, ADD_INTO_SOLUTION_ROW } from "./add-into-rows";

export interface IngestResult {
  accepted: boolean;
  solutions: number;
  buckets: number;
  skipped: number;
}

/** Series merged between two yields to the event loop: a big batch never holds other requests up for long. */
const SERIES_PER_SLICE = 2_000;

const REFUSED: IngestResult = { accepted: false, solutions: 0, buckets: 0, skipped: 0 };

/**
 * Adds a batch of reports into the per-minute rows in one transaction (server/telemetry/README.md):
 * the ids go in first (ON CONFLICT DO NOTHING RETURNING says which are new), then the series of
 * the new reports only, merged over the whole batch, as one upsert per table. A report sent twice
 * (in this batch, an earlier one, or a batch another console writes at the same time) is added
 * once. Ids and rows are written in key order, so concurrent batches cannot deadlock.
 * The batch is merged before the transaction starts, as if every report were new (almost always
 * so): with PGlite every other query waits while a transaction is open. Should a report turn out
 * to be a retry, the merge is done again without it, in the transaction.
 * Returns one result per report, in order.
 */
export async function writeReportBatch(db: Db, reports: readonly TelemetryReportInput[], opts: { now?: Date; settings?: Partial<TelemetrySettings> } = {}): Promise<IngestResult[]> {
  const now = opts.now ?? new Date();
  const inWindow = minutesKept(telemetrySettings(opts.settings), now);

  // The first of a repeated id in the batch is the one that may be new; the others are retries.
  const firstOfId = new Map<string, number>();
  reports.forEach((r, i) => firstOfId.has(r.id) || firstOfId.set(r.id, i));
  const mergeOf = async (isNew: (id: string) => boolean) => {
    const merged = new BatchMerge();
    const results: IngestResult[] = [];
    let sinceYield = 0;
    for (const [i, report] of reports.entries()) {
      if (firstOfId.get(report.id) !== i || !isNew(report.id)) {
        results.push(REFUSED);
        continue;
      }
      results.push(merged.add(report, inWindow));
      sinceYield += report.solutions.length + report.buckets.length;
      if (sinceYield >= SERIES_PER_SLICE) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
    const minuteRows = merged.solutionRows();
    return { results, minuteRows, fiveMinuteRows: fiveMinuteRowsOf(minuteRows), bucketRows: merged.bucketRows(), instanceRows: merged.instanceRows() };
  };
  const optimistic = await mergeOf(() => true);
  const ids = [...firstOfId.keys()].sort();
  const idRows = JSON.stringify(ids.map((id) => ({ id, instance: reports[firstOfId.get(id)!]!.instance })));

  return db.transaction(async (tx) => {
    const taken = ids.length
      ? (
          (await tx.execute(sql`
            INSERT INTO telemetry_reports (id, instance, received_at)
            SELECT (v->>'id')::uuid, v->>'instance', ${now.toISOString()}::timestamptz FROM ${rowsOf(idRows)} ORDER BY n
            ON CONFLICT DO NOTHING RETURNING id`)) as unknown as { rows: { id: string }[] }
        ).rows
      : [];
    const isNew = new Set(taken.map((t) => t.id));
    const batch = isNew.size === ids.length ? optimistic : await mergeOf((id) => isNew.has(id));
    await addSolutionRows(tx, batch.minuteRows, 1);
    await addSolutionRows(tx, batch.fiveMinuteRows, FIVE_MINUTE_SPAN);
    await addBucketRows(tx, batch.bucketRows);
    await recordInstances(tx, batch.instanceRows, now);
    return batch.results;
  });
}

interface InstanceRow {
  instance: string;
  app: string;
  host: string;
  release: string;
  droppedReports: number;
  droppedRecords: number;
}

/** The batch's series merged by key, with how many reports added into each key (a row's `reports`). */
class BatchMerge {
  private solutions = new Map<string, { series: SolutionSeries; reports: number }>();
  private buckets = new Map<string, BucketSeries>();
  private instances = new Map<string, InstanceRow>();

  add(report: TelemetryReportInput, inWindow: (minute: string) => boolean): IngestResult {
    const seen = new Set<string>();
    const latestOfApp = new Map<string, { release: string; minute: string }>();
    let skipped = 0;
    for (const s of report.solutions) {
      if (!inWindow(s.minute)) {
        skipped++;
        continue;
      }
      const key = solutionKeyOf(s);
      const have = this.solutions.get(key);
      if (have) {
        mergeSolutionCounts(have.series, s);
        if (!seen.has(key)) have.reports++;
      } else {
        this.solutions.set(key, { series: mergeSolutionCounts({ app: s.app, release: s.release, solution: s.solution, minute: s.minute, ...emptyCounts() }, s), reports: 1 });
      }
      seen.add(key);
      const latest = latestOfApp.get(s.app);
      if (!latest || latest.minute < s.minute) latestOfApp.set(s.app, { release: s.release, minute: s.minute });
    }
    const solutions = seen.size;
    seen.clear();
    for (const b of report.buckets) {
      if (!inWindow(b.minute)) {
        skipped++;
        continue;
      }
      const key = bucketKeyOfSeries(b);
      const have = this.buckets.get(key);
      if (have) have.requests += b.requests;
      else this.buckets.set(key, { app: b.app, release: b.release, bucket: b.bucket, minute: b.minute, requests: b.requests });
      seen.add(key);
    }
    // The release an instance runs: what the report says it runs now, else that of its latest series of the app.
    for (const [app, release] of Object.entries(report.releases)) latestOfApp.set(app, { release, minute: "" });
    for (const [app, { release }] of latestOfApp) {
      const key = JSON.stringify([app, report.instance]);
      const have = this.instances.get(key);
      if (have) {
        Object.assign(have, { host: report.host, release });
        have.droppedReports += report.dropped.reports;
        have.droppedRecords += report.dropped.records;
      } else {
        this.instances.set(key, { instance: report.instance, app, host: report.host, release, droppedReports: report.dropped.reports, droppedRecords: report.dropped.records });
      }
    }
    return { accepted: true, solutions, buckets: seen.size, skipped };
  }

  solutionRows() {
    return sortedByKey(this.solutions).map(({ series: s, reports }) => ({
      app: s.app,
      release: s.release,
      solution: s.solution,
      start: s.minute,
      requests: s.requests,
      items: s.items,
      errors: s.errors,
      latency: s.latency,
      outputs: s.outputs,
      missing: s.missing,
      reports,
    }));
  }

  bucketRows() {
    return sortedByKey(this.buckets).map((b) => ({ app: b.app, release: b.release, bucket: b.bucket, start: b.minute, requests: b.requests }));
  }

  instanceRows(): InstanceRow[] {
    return sortedByKey(this.instances);
  }
}

type SolutionRowInput = ReturnType<BatchMerge["solutionRows"]>[number];

/**
 * The batch's minute rows added up per 5 minutes (span 5, written beside them): a Live query with
 * a step of 5 minutes or more reads these, a fifth of the rows (read-solution-rows.ts).
 */
function fiveMinuteRowsOf(rows: readonly SolutionRowInput[]): SolutionRowInput[] {
  const byKey = new Map<string, SolutionRowInput>();
  for (const row of rows) {
    const start = fiveMinuteStartOf(row.start);
    const key = JSON.stringify([row.app, row.release, row.solution, start]);
    let have = byKey.get(key);
    if (!have) byKey.set(key, (have = { app: row.app, release: row.release, solution: row.solution, start, ...emptyCounts(), reports: 0 }));
    mergeSolutionCounts(have, row);
    have.reports += row.reports;
  }
  return sortedByKey(byKey);
}

function sortedByKey<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

// Each upsert is one statement whatever the batch's size: the rows travel as one JSON parameter
// (no limit of 65,535 parameters, no per-row binding), unpacked in key order (the ordinality).

const rowsOf = (rows: readonly unknown[] | string) => sql`jsonb_array_elements(${typeof rows === "string" ? rows : JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS r(v, n)`;

async function addSolutionRows(tx: Tx, rows: readonly SolutionRowInput[], span: number): Promise<void> {
  if (!rows.length) return;
  await tx.execute(sql`
    INSERT INTO telemetry_solution_rows (app, release, solution, start, span, requests, items, errors, latency, outputs, missing, reports)
    SELECT v->>'app', v->>'release', v->>'solution', (v->>'start')::timestamptz, ${span}::smallint, (v->>'requests')::bigint, (v->>'items')::bigint,
           v->'errors', v->'latency', v->'outputs', v->'missing', (v->>'reports')::integer
    FROM ${rowsOf(rows)} ORDER BY n
    ${ADD_INTO_SOLUTION_ROW}`);
}

async function addBucketRows(tx: Tx, rows: ReturnType<BatchMerge["bucketRows"]>): Promise<void> {
  if (!rows.length) return;
  await tx.execute(sql`
    INSERT INTO telemetry_bucket_rows (app, release, bucket, start, span, requests)
    SELECT v->>'app', v->>'release', (v->>'bucket')::integer, (v->>'start')::timestamptz, 1, (v->>'requests')::bigint
    FROM ${rowsOf(rows)} ORDER BY n
    ${ADD_INTO_BUCKET_ROW}`);
}

/** One row per app an instance reports on; its release since: when it first reported that release. */
async function recordInstances(tx: Tx, rows: InstanceRow[], now: Date): Promise<void> {
  if (!rows.length) return;
  const at = sql`${now.toISOString()}::timestamptz`;
  await tx.execute(sql`
    INSERT INTO telemetry_instances (instance, app, host, release, first_seen, release_since, last_report, dropped_reports, dropped_records)
    SELECT v->>'instance', v->>'app', v->>'host', v->>'release', ${at}, ${at}, ${at}, (v->>'droppedReports')::bigint, (v->>'droppedRecords')::bigint
    FROM ${rowsOf(rows)} ORDER BY n
    ON CONFLICT (app, instance) DO UPDATE SET
      host = excluded.host,
      release = excluded.release,
      release_since = CASE WHEN telemetry_instances.release = excluded.release THEN telemetry_instances.release_since ELSE excluded.release_since END,
      last_report = GREATEST(telemetry_instances.last_report, excluded.last_report),
      dropped_reports = telemetry_instances.dropped_reports + excluded.dropped_reports,
      dropped_records = telemetry_instances.dropped_records + excluded.dropped_records`);
}
