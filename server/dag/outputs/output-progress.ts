import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { dagOutputWrites, releases } from "@/db/schema";

export interface OutputProgress {
  delivered: { versions: Record<string, string>; at: Date; releaseId: string | null } | null;
  pending: { versions: Record<string, string>; attempts: number; error: string | null; createdAt: Date } | null;
}

/**
 * For each output node of the app: its last delivered write and its oldest pending one. A write
 * whose release failed (its verification, or the center refused it) never reached scoring
 * services: it does not count as delivered (the node's history and state say why).
 */
export async function outputProgress(db: Db | Tx, app: string): Promise<Map<string, OutputProgress>> {
  const rows = await db
    .select()
    .from(dagOutputWrites)
    .where(and(eq(dagOutputWrites.app, app)))
    .orderBy(desc(dagOutputWrites.createdAt));
  const releaseIds = [...new Set(rows.flatMap((r) => (r.releaseId ? [r.releaseId] : [])))];
  const failed = new Set(
    releaseIds.length
      ? (await db.select({ id: releases.id }).from(releases).where(and(inArray(releases.id, releaseIds), eq(releases.deliveryState, "failed")))).map((r) => r.id)
      : [],
  );
  const byKey = new Map<string, OutputProgress>();
  for (const row of rows) {
    const progress = byKey.get(row.nodeKey) ?? { delivered: null, pending: null };
    if (row.status === "delivered" && !progress.delivered && !(row.releaseId && failed.has(row.releaseId))) {
      progress.delivered = { versions: row.versions, at: row.deliveredAt ?? row.createdAt, releaseId: row.releaseId };
    }
    // Rows come newest first: the last pending one seen is the oldest, the next to deliver.
    if (row.status === "pending") progress.pending = { versions: row.versions, attempts: row.attempts, error: row.error, createdAt: row.createdAt };
    byKey.set(row.nodeKey, progress);
  }
  return byKey;
}
