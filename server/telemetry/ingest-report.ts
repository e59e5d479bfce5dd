import type { Db } from "@/db";
import type { TelemetryReportInput } from "@/server/contracts/telemetry";
import { checkReportCaps } from "./check-report-caps";
import type { TelemetrySettings } from "./telemetry-settings";
import { writeReportBatch, type IngestResult } from "./write-report-batch";

export type { IngestResult } from "./write-report-batch";

/**
 * Adds one report into the per-minute rows at once, in its own transaction (server/telemetry/README.md).
 * The HTTP route goes through the ingest queue instead (queue-report.ts), which writes concurrent
 * reports together; this is for callers holding one report (tests, a replay).
 */
export async function ingestReport(db: Db, opts: { report: TelemetryReportInput; now?: Date; settings?: Partial<TelemetrySettings> }): Promise<IngestResult> {
  checkReportCaps(opts.report);
  const [result] = await writeReportBatch(db, [opts.report], opts);
  return result!;
}
