import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { outbox, releases } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { conflict, notFound } from "@/server/errors";
import { failedVerification, holdForReverification } from "@/server/releases/held/reverify-release";
import { verifyHeldReleases } from "@/server/releases/held/verify-held-releases";
import { notifyOutbox } from "./outbox-signal";

/**
 * An admin unblocks an app whose delivery failed: `retry` queues the same release again (after
 * the center was fixed, e.g. etcd's --max-txn-ops raised); `skip` leaves it undelivered for good
 * so the later releases of the app go out, in order. A release made without review that failed
 * its verification is handled the same way; its `retry` verifies it again (a new run: the model
 * version may have been loaded meanwhile) instead of queueing it as it is.
 */
export async function resolveFailedDelivery(db: Db, opts: { actor: Actor; releaseId: string; action: "retry" | "skip" }) {
  const result = await db.transaction(async (tx) => {
    const [record] = await tx.select().from(outbox).where(eq(outbox.releaseId, opts.releaseId)).for("update");
    if (!record) throw notFound("No such release is waiting for delivery.", { releaseId: opts.releaseId });
    if (record.state !== "failed") throw conflict(`The delivery of ${record.app} #${record.seq} is ${record.state}, not failed.`, { state: record.state });
    const [release] = await tx.select().from(releases).where(eq(releases.id, record.releaseId));
    const reverify = opts.action === "retry" && !!release && (await failedVerification(tx, release));
    if (reverify) {
      await holdForReverification(tx, record.releaseId);
    } else if (opts.action === "retry") {
      await tx.update(outbox).set({ state: "pending", nextAttemptAt: new Date(), processedAt: null }).where(and(eq(outbox.id, record.id), eq(outbox.state, "failed")));
      await tx.update(releases).set({ deliveryState: "pending" }).where(eq(releases.id, record.releaseId));
    } else {
      await tx.update(outbox).set({ state: "skipped", processedAt: new Date() }).where(and(eq(outbox.id, record.id), eq(outbox.state, "failed")));
      await tx.update(releases).set({ deliveryError: `${record.lastError ?? "Failed"} (skipped by ${actorLabel(opts.actor)})` }).where(eq(releases.id, record.releaseId));
    }
    await recordAudit(tx, {
      actor: opts.actor,
      app: record.app,
      kind: "release",
      action: opts.action === "retry" ? "delivery_retry" : "delivery_skip",
      target: `${record.app}#${record.seq}`,
      before: { state: record.state, reason: record.lastError },
      after: { state: reverify ? "verifying" : opts.action === "retry" ? "pending" : "skipped" },
    });
    return { releaseId: record.releaseId, state: reverify ? ("verifying" as const) : opts.action === "retry" ? ("pending" as const) : ("skipped" as const) };
  });
  notifyOutbox();
  if (result.state === "verifying") await verifyHeldReleases(db, { releaseIds: [result.releaseId], again: true });
  return result;
}
