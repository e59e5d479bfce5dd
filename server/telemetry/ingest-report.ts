import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { telemetryBucketRows, telemetryInstances, telemetryReports, telemetrySolutionRows } from "@/db/schema";
import { mergeBucketSeries, mergeSolutionSeries, type BucketSeries, type SolutionSeries } from "@/sdk/src/core/telemetry/series";
import type { TelemetryReportInput } from "@/server/contracts/telemetry";
import { checkReportCaps } from "./check-report-caps";
import { FUTURE_SKEW_MS, telemetrySettings, type TelemetrySettings } from "./telemetry-settings";

/** Rows per INSERT statement: big enough to be few statements, small enough for PostgreSQL's 65,535 parameters. */
const SOLUTION_ROWS_PER_STATEMENT = 500;
const BUCKET_ROWS_PER_STATEMENT = 5_000;

export interface IngestResult {
  accepted: boolean;
  solutions: number;
  buckets: number;
  skipped: number;
}

/**
 * Adds one report into the per-minute rows (server/telemetry/README.md). The report's id is
 * recorded in the same transaction as the additions, so a report sent twice (a retry after a lost
 * answer, or two at once) is added once. Series are merged within the report and written in key
 * order, so concurrent reports touching the same rows cannot deadlock.
 */
export async function ingestReport(
  db: Db,
  opts: { report: TelemetryReportInput; now?: Date; settings?: Partial<TelemetrySettings> },
): Promise<IngestResult> {
  const { report } = opts;
  checkReportCaps(report);
  const now = opts.now ?? new Date();
  const settings = telemetrySettings(opts.settings);
  const earliest = now.getTime() - settings.minuteHours * 3_600_000;
  const latest = now.getTime() + FUTURE_SKEW_MS;
  const inWindow = (s: { minute: string }) => {
    const t = Date.parse(s.minute);
    return t >= earliest && t <= latest;
  };
  const solutions = mergeSolutionSeries(report.solutions.filter(inWindow));
  const buckets = mergeBucketSeries(report.buckets.filter(inWindow));
  const skipped = report.solutions.length + report.buckets.length - report.solutions.filter(inWindow).length - report.buckets.filter(inWindow).length;

  return db.transaction(async (tx) => {
    const taken = await tx.insert(telemetryReports).values({ id: report.id, instance: report.instance, receivedAt: now }).onConflictDoNothing().returning({ id: telemetryReports.id });
    if (!taken.length) return { accepted: false, solutions: 0, buckets: 0, skipped: 0 };
    for (let i = 0; i < solutions.length; i += SOLUTION_ROWS_PER_STATEMENT) await addSolutionRows(tx, solutions.slice(i, i + SOLUTION_ROWS_PER_STATEMENT));
    for (let i = 0; i < buckets.length; i += BUCKET_ROWS_PER_STATEMENT) await addBucketRows(tx, buckets.slice(i, i + BUCKET_ROWS_PER_STATEMENT));
    await recordInstance(tx, report, solutions, now);
    return { accepted: true, solutions: solutions.length, buckets: buckets.length, skipped };
  });
}

async function addSolutionRows(tx: Tx, series: SolutionSeries[]): Promise<void> {
  const t = telemetrySolutionRows;
  await tx
    .insert(t)
    .values(
      series.map((s) => ({
        app: s.app,
        release: s.release,
        solution: s.solution,
        start: new Date(s.minute),
        span: 1,
        requests: s.requests,
        items: s.items,
        errors: s.errors,
        latency: s.latency,
        outputs: s.outputs,
        missing: s.missing,
      })),
    )
    .onConflictDoUpdate({
      target: [t.app, t.release, t.solution, t.span, t.start],
      set: {
        requests: sql`${t.requests} + excluded.requests`,
        items: sql`${t.items} + excluded.items`,
        errors: sql`telemetry_add_counts(${t.errors}, excluded.errors)`,
        latency: sql`telemetry_add_nested(${t.latency}, excluded.latency)`,
        outputs: sql`telemetry_add_nested(${t.outputs}, excluded.outputs)`,
        missing: sql`telemetry_add_counts(${t.missing}, excluded.missing)`,
        reports: sql`${t.reports} + 1`,
      },
    });
}

async function addBucketRows(tx: Tx, series: BucketSeries[]): Promise<void> {
  const t = telemetryBucketRows;
  await tx
    .insert(t)
    .values(series.map((s) => ({ app: s.app, release: s.release, bucket: s.bucket, start: new Date(s.minute), span: 1, requests: s.requests })))
    .onConflictDoUpdate({ target: [t.app, t.release, t.bucket, t.span, t.start], set: { requests: sql`${t.requests} + excluded.requests` } });
}

/**
 * One row per app the instance reports on. The release it runs: what the report says it runs
 * now, else the release of its latest series of that app.
 */
async function recordInstance(tx: Tx, report: TelemetryReportInput, solutions: SolutionSeries[], now: Date): Promise<void> {
  const releases = new Map<string, { release: string; minute: string }>();
  for (const s of solutions) {
    const have = releases.get(s.app);
    if (!have || have.minute < s.minute) releases.set(s.app, { release: s.release, minute: s.minute });
  }
  for (const [app, release] of Object.entries(report.releases)) releases.set(app, { release, minute: "" });
  if (!releases.size) return;
  const t = telemetryInstances;
  await tx
    .insert(t)
    .values(
      [...releases.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([app, { release }]) => ({
          instance: report.instance,
          app,
          host: report.host,
          release,
          firstSeen: now,
          releaseSince: now,
          lastReport: now,
          droppedReports: report.dropped.reports,
          droppedRecords: report.dropped.records,
        })),
    )
    .onConflictDoUpdate({
      target: [t.app, t.instance],
      set: {
        host: sql`excluded.host`,
        release: sql`excluded.release`,
        releaseSince: sql`CASE WHEN ${t.release} = excluded.release THEN ${t.releaseSince} ELSE excluded.release_since END`,
        lastReport: sql`GREATEST(${t.lastReport}, excluded.last_report)`,
        droppedReports: sql`${t.droppedReports} + excluded.dropped_reports`,
        droppedRecords: sql`${t.droppedRecords} + excluded.dropped_records`,
      },
    });
}
