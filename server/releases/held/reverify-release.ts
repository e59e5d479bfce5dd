import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { outbox, releases } from "@/db/schema";
import { getReport } from "@/server/verification/get-report";

/**
 * Whether a failed release failed its own verification (not the center's refusal, nor a reviewed
 * release an admin overrode): then retrying it means verifying it again.
 */
export async function failedVerification(tx: Tx, release: Pick<typeof releases.$inferSelect, "verificationReportId" | "verificationOverride" | "changeRequestId">): Promise<boolean> {
  if (!release.verificationReportId || release.verificationOverride || release.changeRequestId) return false;
  const report = await getReport(tx, release.verificationReportId).catch(() => null);
  return report?.state === "failed" || report?.state === "error";
}

/**
 * In the caller's transaction: a release whose verification failed is held again (delivery
 * state `verifying`, its outbox record too); the caller starts its new run after the commit
 * (verifyHeldReleases with `again`). Returns whether it was failed and is now held.
 */
export async function holdForReverification(tx: Tx, releaseId: string): Promise<boolean> {
  const [record] = await tx
    .update(outbox)
    .set({ state: "verifying", processedAt: null, lastError: null, leaseOwner: null, leaseUntil: null })
    .where(and(eq(outbox.releaseId, releaseId), eq(outbox.state, "failed")))
    .returning({ id: outbox.id });
  if (!record) return false;
  await tx.update(releases).set({ deliveryState: "verifying", deliveryError: null }).where(eq(releases.id, releaseId));
  return true;
}
