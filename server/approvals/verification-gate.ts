import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { verificationReports } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { VerificationInputs, VerificationOverride, VerificationReport } from "@/server/contracts/verification";
import { AppError } from "@/server/errors";
import { latestReport } from "@/server/verification/get-report";
import { collectModelStates, whyInputsChanged } from "@/server/verification/verification-inputs";
import { actorId, actorLabel } from "./actor-id";
import type { ApprovalContext, ChangeKindHandler } from "./change-kind-handler";
import { changeKindHandler } from "./change-kinds";
import type { ChangeRequestDto } from "./change-request-dto";

/** What the gate probed before the approving transaction: the model instances' states now. */
export interface GateProbe {
  models: VerificationInputs["models"];
}

/**
 * Probes the model instances the request's candidate names, BEFORE the approving transaction
 * (network calls never run inside one). Null for a kind that makes no release (not gated).
 */
export async function probeForApproval(db: Db, request: ChangeRequestDto): Promise<GateProbe | null> {
  const candidate = changeKindHandler(request.kind)?.candidate;
  if (!candidate) return null;
  try {
    return { models: await collectModelStates(db, (await candidate(db, request)).content) };
  } catch {
    // The candidate cannot be built now (the approving transaction will say why): nothing to probe.
    return { models: [] };
  }
}

const RERUN = "Re-run verification (the request's “Re-run verification” button, or POST /api/v1/change-requests/{id}/verify)";

/**
 * The approval gate (docs/verification.md, Approval), INSIDE the approving transaction: the
 * latest report of the request must be for its current revision, passed or warned, and its
 * inputs must still hold (whyInputsChanged against what the request would release now and the
 * probed model states). Otherwise a 409 (verification_missing / _running / _failed / _stale)
 * saying what to do, unless an admin overrides it with a written reason: the override is stored
 * on the report and audited, and the release records it.
 */
export async function checkVerificationGate(
  tx: Tx,
  opts: { actor: Actor; request: ChangeRequestDto; probe: GateProbe | null; override?: { reason: string } },
): Promise<ApprovalContext["verification"] | undefined> {
  const candidate = changeKindHandler(opts.request.kind)?.candidate;
  if (!candidate) return undefined;
  const report = await latestReport(tx, { kind: "change_request", id: opts.request.id });
  const blocked = await whyBlocked(tx, opts.request, report, opts.probe, candidate);
  if (!blocked) return { reportId: report!.id, override: null };
  if (!opts.override) throw blocked;

  const override: VerificationOverride = { by: actorLabel(opts.actor), byId: actorId(opts.actor), reason: opts.override.reason, at: new Date().toISOString() };
  if (report) await tx.update(verificationReports).set({ override }).where(eq(verificationReports.id, report.id));
  await recordAudit(tx, {
    actor: opts.actor,
    app: opts.request.app,
    kind: "change_request",
    action: "override_verification",
    target: opts.request.id,
    after: { reportId: report?.id ?? null, reportState: report?.state ?? null, blockedBy: blocked.code, blockedBecause: blocked.message, reason: override.reason },
  });
  return { reportId: report?.id ?? null, override };
}

async function whyBlocked(
  tx: Tx,
  request: ChangeRequestDto,
  report: VerificationReport | null,
  probe: GateProbe | null,
  candidate: NonNullable<ChangeKindHandler["candidate"]>,
): Promise<AppError | null> {
  const details = { id: request.id, reportId: report?.id ?? null, state: report?.state ?? null };
  if (!report || report.subject.revision !== request.revision) {
    return new AppError("verification_missing", `This request (revision ${request.revision}) has not been verified. ${RERUN}, then approve.`, details);
  }
  if (report.state === "running") {
    const p = report.progress;
    return new AppError("verification_running", `Verification is still running (${p.step}${p.total ? `, ${p.done} of ${p.total}` : ""}). Approve once it has passed.`, details);
  }
  if (report.state === "error") {
    return new AppError("verification_missing", `Verification could not run to its end (${report.error ?? "no reason recorded"}). ${RERUN}, then approve.`, details);
  }
  if (report.state === "failed") {
    const failed = report.checks.filter((c) => c.status === "failed");
    const first = failed
      .slice(0, 3)
      .map((c) => `${c.title}: ${c.reason ?? "failed"}${c.fix ? ` (fix: ${c.fix.label}, ${c.fix.href})` : ""}`)
      .join("; ");
    return new AppError(
      "verification_failed",
      `Verification failed ${failed.length} ${failed.length === 1 ? "check" : "checks"}: ${first}. Fix ${failed.length === 1 ? "it" : "them"}, then re-run verification; or an admin overrides with a written reason.`,
      { ...details, failedChecks: failed.map((c) => ({ id: c.id, reason: c.reason, fix: c.fix })) },
    );
  }
  const current = await candidate(tx, request);
  const why = await whyInputsChanged(tx, report, { ...current, models: probe?.models ?? [] });
  if (why) return new AppError("verification_stale", `The verification report no longer holds: ${why}. ${RERUN}, then approve.`, { ...details, reason: why });
  return null;
}
