import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { outbox, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { adoptRollbackDocument } from "@/server/solutions/adopt-rollback-document";
import { notifyRelease } from "@/server/notifications/notify-release";
import { sendNotificationWebhooks } from "@/server/notifications/send-notification-webhooks";
import type { OutboxRecord } from "./claim-delivery";

/**
 * Marks a record delivered, once: only while it is still pending, so a second dispatcher that
 * redelivered the same release after a lost lease changes nothing. Returns whether it marked.
 */
export async function markDelivered(db: Db, record: OutboxRecord, result: { revision: number; alreadyPublished: boolean; center: string }): Promise<boolean> {
  let webhook: string | null = null;
  const marked = await db.transaction(async (tx) => {
    const [marked] = await tx
      .update(outbox)
      .set({ state: "delivered", processedAt: new Date(), leaseOwner: null, leaseUntil: null, lastError: null })
      .where(and(eq(outbox.id, record.id), eq(outbox.state, "pending")))
      .returning();
    if (!marked) return false;
    const [release] = await tx
      .update(releases)
      .set({ deliveryState: "delivered", revision: result.revision, deliveredAt: new Date(), deliveryError: null, deliveryAttempts: marked.attempts })
      .where(eq(releases.id, record.releaseId))
      .returning({ document: releases.document, rollbackOf: releases.rollbackOf });
    // A delivered rollback: the draft becomes the rolled-back document (its old self kept as a backup).
    if (release?.rollbackOf) {
      const [target] = await tx.select({ seq: releases.seq }).from(releases).where(eq(releases.id, release.rollbackOf));
      await adoptRollbackDocument(tx, { app: record.app, document: release.document, releaseSeq: record.seq, rollbackOfSeq: target?.seq ?? null, actor: { type: "system", name: `rollback #${record.seq}` } });
    }
    await recordAudit(tx, {
      actor: SYSTEM,
      app: record.app,
      kind: "release",
      action: "deliver",
      target: `${record.app}#${record.seq}`,
      after: { releaseId: record.releaseId, revision: result.revision, center: result.center, attempts: marked.attempts, alreadyPublished: result.alreadyPublished },
    });
    webhook = await notifyRelease(tx, { releaseId: record.releaseId, kind: "delivered" });
    return true;
  });
  sendNotificationWebhooks(db, [webhook]);
  return marked;
}

/** The center was away: try again after `delayMs`, keeping the reason visible on the release. */
export async function markRetry(db: Db, record: OutboxRecord, opts: { owner: string; error: string; delayMs: number }): Promise<void> {
  await db.transaction(async (tx) => {
    const [marked] = await tx
      .update(outbox)
      .set({ leaseOwner: null, leaseUntil: null, lastError: opts.error, nextAttemptAt: sql`now() + ${opts.delayMs} * interval '1 millisecond'` })
      .where(and(eq(outbox.id, record.id), eq(outbox.state, "pending"), eq(outbox.leaseOwner, opts.owner)))
      .returning();
    if (!marked) return;
    await tx.update(releases).set({ deliveryError: opts.error, deliveryAttempts: marked.attempts }).where(eq(releases.id, record.releaseId));
  });
}

/** The center refused the release: it fails with the reason and holds back the app's later releases. */
export async function markFailed(db: Db, record: OutboxRecord, opts: { owner: string; error: string }): Promise<void> {
  let webhook: string | null = null;
  await db.transaction(async (tx) => {
    const [marked] = await tx
      .update(outbox)
      .set({ state: "failed", processedAt: new Date(), leaseOwner: null, leaseUntil: null, lastError: opts.error })
      .where(and(eq(outbox.id, record.id), eq(outbox.state, "pending"), eq(outbox.leaseOwner, opts.owner)))
      .returning();
    if (!marked) return;
    await tx.update(releases).set({ deliveryState: "failed", deliveryError: opts.error, deliveryAttempts: marked.attempts }).where(eq(releases.id, record.releaseId));
    await recordAudit(tx, {
      actor: SYSTEM,
      app: record.app,
      kind: "release",
      action: "delivery_failed",
      target: `${record.app}#${record.seq}`,
      after: { releaseId: record.releaseId, reason: opts.error, attempts: marked.attempts },
    });
    webhook = await notifyRelease(tx, { releaseId: record.releaseId, kind: "delivery_failed", reason: opts.error });
  });
  sendNotificationWebhooks(db, [webhook]);
}
