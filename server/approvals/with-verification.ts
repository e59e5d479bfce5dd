import type { Db } from "@/db";
import type { ChangeRequestVerification, VerificationReport } from "@/server/contracts/verification";
import { latestReport } from "@/server/verification/get-report";
import { whyInputsChanged } from "@/server/verification/verification-inputs";
import type { ChangeKindHandler } from "./change-kind-handler";
import { changeKindHandler } from "./change-kinds";
import type { ChangeRequestDto } from "./change-request-dto";

/**
 * Requests of a kind that makes a release with `verification` set: their latest report, whether
 * it is for the current revision, and for a pending one whose report passed whether its inputs
 * still hold as far as the database tells (the model instances are probed on approval only).
 */
export async function withVerification<T extends ChangeRequestDto>(db: Db, requests: T[]): Promise<T[]> {
  const out: T[] = [];
  for (const request of requests) {
    const candidate = changeKindHandler(request.kind)?.candidate;
    if (!candidate) {
      out.push(request);
      continue;
    }
    const report = await latestReport(db, { kind: "change_request", id: request.id });
    out.push({ ...request, verification: report ? await summarize(db, request, report, candidate) : null });
  }
  return out;
}

async function summarize(
  db: Db,
  request: ChangeRequestDto,
  report: VerificationReport,
  candidate: NonNullable<ChangeKindHandler["candidate"]>,
): Promise<ChangeRequestVerification> {
  const current = report.subject.revision === request.revision;
  let staleReason: string | null = null;
  if (current && request.state === "pending" && (report.state === "passed" || report.state === "warned")) {
    try {
      const now = await candidate(db, request);
      // The recorded model states stand in for a probe: lists never call the instances.
      staleReason = await db.transaction((tx) => whyInputsChanged(tx, report, { ...now, models: report.inputs?.models ?? [] }));
    } catch (e) {
      staleReason = e instanceof Error ? e.message : String(e);
    }
  }
  return {
    reportId: report.id,
    state: report.state,
    progress: report.progress,
    revision: report.subject.revision,
    current,
    staleReason,
    failedChecks: report.checks.filter((c) => c.status === "failed").slice(0, 3).map((c) => ({ title: c.title, reason: c.reason })),
    error: report.error,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    override: report.override,
  };
}
