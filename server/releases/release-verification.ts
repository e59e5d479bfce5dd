import { inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { verificationReports } from "@/db/schema";
import type { VerificationReport, VerificationState } from "@/server/contracts/verification";
import { toReportDto } from "@/server/verification/report-dto";

/** What a release shows of its verification report: the state and the failed checks (docs/verification.md). */
export interface ReleaseVerification {
  state: VerificationState;
  failures: { title: string; reason: string | null }[];
}

export function releaseVerificationOf(report: Pick<VerificationReport, "state" | "checks" | "error">): ReleaseVerification {
  const failures = report.checks.filter((c) => c.status === "failed").map((c) => ({ title: c.title, reason: c.reason }));
  // A run that could not finish has no failed check to name: its error says why.
  if (report.state === "error" && failures.length === 0) failures.push({ title: "Verification could not run", reason: report.error });
  return { state: report.state, failures };
}

/**
 * The reason a release that failed its verification shows (and its delivery keeps): the failed
 * checks' titles and reasons, the first three.
 */
export function verificationFailureReason(report: Pick<VerificationReport, "state" | "checks" | "error">): string {
  const { failures } = releaseVerificationOf(report);
  const named = failures.slice(0, 3).map((f) => (f.reason ? `${f.title}: ${f.reason}` : f.title));
  const more = failures.length > 3 ? ` (and ${failures.length - 3} more)` : "";
  return `Verification ${report.state === "error" ? "could not run" : "failed"}: ${named.join("; ") || "no check passed"}${more}`;
}

/** The verification of each report id given (releases' verificationReportId), by id. */
export async function loadReleaseVerifications(db: Db | Tx, reportIds: (string | null)[]): Promise<Map<string, ReleaseVerification>> {
  const ids = [...new Set(reportIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(verificationReports).where(inArray(verificationReports.id, ids));
  return new Map(rows.map((row) => [row.id, releaseVerificationOf(toReportDto(row))]));
}
