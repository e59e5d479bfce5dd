import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { dagOutputWrites, outbox, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { VerificationReport } from "@/server/contracts/verification";
import { failOutputNode } from "@/server/dag/outputs/fail-output-node";
import { changeDag } from "@/server/dag/state/change-dag";
import { DAG_ENGINE } from "@/server/dag/engine/engine-actor";
import { isAppError } from "@/server/errors";
import { reverifyPendingRequests } from "@/server/approvals/reverify-pending-requests";
import { notifyOutbox } from "@/server/outbox/outbox-signal";
import { latestReport } from "@/server/verification/get-report";
import { INTERRUPTED } from "@/server/verification/report-dto";
import { onVerificationFinished } from "@/server/verification/run-verification";
import { notifyRelease } from "@/server/notifications/notify-release";
import { sendNotificationWebhooks } from "@/server/notifications/send-notification-webhooks";
import { releaseVerificationOf, verificationFailureReason } from "../release-verification";

/** Registers finishHeldRelease for every release run of this process (idempotent). */
export function listenForHeldReleases(): void {
  onVerificationFinished("release", finishHeldRelease);
}

/**
 * A held release's verification ended (docs/verification.md, *Releases without review*):
 * - passed or warned: its outbox record becomes pending, and it is delivered in its app's order;
 * - failed, or error (other than a lost run, which the sweeper re-starts): the release fails
 *   with the failed checks as its reason, and its outbox record is failed like a delivery the
 *   center refused: it holds back the app's later releases until an admin retries (verifies
 *   again) or skips it, or, for a DAG output node's release, the node is retried. The output
 *   node that wrote it shows failed with the reasons (and its alert).
 * Only the release's latest run counts, and only while the release is still verifying.
 */
export async function finishHeldRelease(db: Db, report: VerificationReport): Promise<void> {
  if (report.subject.kind !== "release" || report.state === "running") return;
  if (report.state === "error" && report.error === INTERRUPTED) return;
  const [release] = await db.select({ id: releases.id, app: releases.app, deliveryState: releases.deliveryState }).from(releases).where(eq(releases.id, report.subject.id));
  if (!release || release.deliveryState !== "verifying") return;
  const passed = report.state === "passed" || report.state === "warned";
  let webhook: string | null = null;
  const [write] = passed ? [] : await db.select({ nodeKey: dagOutputWrites.nodeKey }).from(dagOutputWrites).where(eq(dagOutputWrites.releaseId, release.id)).limit(1);
  if (write) {
    try {
      // The DAG's lock first (the order the engine takes): the release fails and its node with it.
      await changeDag(db, { app: release.app, actor: DAG_ENGINE }, async (session) => {
        const reason = await settle(session.tx, report);
        if (reason) webhook = await notifyRelease(session.tx, { releaseId: release.id, kind: "verification_failed", reason });
        if (reason) failOutputNode(session, { key: write.nodeKey, reason, releaseId: release.id, reportId: report.id, failures: releaseVerificationOf(report).failures });
        return { result: () => undefined, settle: false };
      });
      sendNotificationWebhooks(db, [webhook]);
      await reverifyPendingRequests(db, { app: release.app });
      return;
    } catch (e) {
      // The app's DAG is gone: the release fails all the same.
      if (!(isAppError(e) && e.code === "not_found")) throw e;
    }
  }
  await db.transaction(async (tx) => {
    const reason = await settle(tx, report);
    if (reason) webhook = await notifyRelease(tx, { releaseId: release.id, kind: "verification_failed", reason });
  });
  sendNotificationWebhooks(db, [webhook]);
  if (passed) notifyOutbox();
  // The app's latest release is settled: its pending requests are verified against it again.
  await reverifyPendingRequests(db, { app: release.app });
}

/** Settles the release in the caller's transaction; returns the failure's reason (null: passed, or nothing to do). */
async function settle(tx: Tx, report: VerificationReport): Promise<string | null> {
  const [release] = await tx.select().from(releases).where(eq(releases.id, report.subject.id)).for("update");
  if (!release || release.deliveryState !== "verifying") return null;
  const latest = await latestReport(tx, { kind: "release", id: release.id });
  if (latest?.id !== report.id) return null;
  const target = `${release.app}#${release.seq}`;
  if (report.state === "passed" || report.state === "warned") {
    await tx.update(outbox).set({ state: "pending", nextAttemptAt: new Date(), lastError: null }).where(and(eq(outbox.releaseId, release.id), eq(outbox.state, "verifying")));
    await tx.update(releases).set({ deliveryState: "pending", verificationReportId: report.id, deliveryError: null }).where(eq(releases.id, release.id));
    await recordAudit(tx, { actor: SYSTEM, app: release.app, kind: "release", action: "verified", target, after: { reportId: report.id, state: report.state } });
    return null;
  }
  const reason = verificationFailureReason(report);
  await tx
    .update(outbox)
    .set({ state: "failed", lastError: reason, processedAt: new Date(), leaseOwner: null, leaseUntil: null })
    .where(and(eq(outbox.releaseId, release.id), eq(outbox.state, "verifying")));
  await tx.update(releases).set({ deliveryState: "failed", deliveryError: reason, verificationReportId: report.id }).where(eq(releases.id, release.id));
  await recordAudit(tx, { actor: SYSTEM, app: release.app, kind: "release", action: "verification_failed", target, after: { reportId: report.id, state: report.state, reason } });
  return reason;
}
