import type { verificationReports } from "@/db/schema";
import type { VerificationReport } from "@/server/contracts/verification";

export type VerificationReportRow = typeof verificationReports.$inferSelect;

/** A running report whose runner has not beaten for this long died with its process. */
export const HEARTBEAT_STALE_MS = 60_000;
export const INTERRUPTED = "interrupted (the console restarted)";

export function toReportDto(row: VerificationReportRow, now: Date = new Date()): VerificationReport {
  const beat = row.heartbeatAt ?? row.startedAt;
  const interrupted = row.state === "running" && now.getTime() - beat.getTime() > HEARTBEAT_STALE_MS;
  return {
    id: row.id,
    app: row.app,
    subject: { kind: row.subjectKind, id: row.subjectId, revision: row.subjectRevision },
    state: interrupted ? "error" : row.state,
    progress: row.progress,
    checks: row.checks,
    samples: row.samples,
    sampleCount: row.sampleCount,
    inputs: row.inputs ?? null,
    error: interrupted ? INTERRUPTED : row.error,
    requestedBy: row.requestedBy,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    override: row.override ?? null,
  };
}
