import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { changeRequests, notifications } from "@/db/schema";
import type { VerificationReport } from "@/server/contracts/verification";
import { verificationFailureReason } from "@/server/releases/release-verification";
import { latestReport } from "@/server/verification/get-report";
import { INTERRUPTED } from "@/server/verification/report-dto";
import { onVerificationFinished } from "@/server/verification/run-verification";
import { notify } from "./notify";
import { sendNotificationWebhooks } from "./send-notification-webhooks";

/** Registers notifyRequestVerification for every change-request run of this process (idempotent). */
export function listenForRequestVerifications(): void {
  onVerificationFinished("change_request", notifyRequestVerification);
}

/**
 * A pending request's verification failed (or could not run): its requester hears it, with the
 * failed checks, once. Only the latest run of the request's current revision counts, and a
 * failure right after another one (the re-verification after each release of the app) adds no
 * second notification: the first is still what they need to act on.
 */
export async function notifyRequestVerification(db: Db, report: VerificationReport): Promise<void> {
  if (report.subject.kind !== "change_request" || (report.state !== "failed" && report.state !== "error")) return;
  if (report.state === "error" && report.error === INTERRUPTED) return;
  const webhook = await db.transaction(async (tx) => {
    const [request] = await tx.select().from(changeRequests).where(eq(changeRequests.id, report.subject.id)).for("update").limit(1);
    if (!request || request.state !== "pending" || request.revision !== report.subject.revision) return null;
    const latest = await latestReport(tx, { kind: "change_request", id: request.id });
    if (latest?.id !== report.id) return null;
    const [last] = await tx.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.changeRequestId, request.id)).orderBy(desc(notifications.createdAt)).limit(1);
    if (last?.kind === "verification_failed") return null;
    return notify(tx, {
      person: request.requestedById,
      app: request.app,
      kind: "verification_failed",
      message: `Your change request "${request.title}" cannot be approved yet. ${verificationFailureReason(report)}`,
      changeRequestId: request.id,
    });
  });
  sendNotificationWebhooks(db, [webhook]);
}
