import { and, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { dagOutputWrites } from "@/db/schema";

export interface OutputProgress {
  delivered: { versions: Record<string, string>; at: Date; releaseId: string | null } | null;
  pending: { versions: Record<string, string>; attempts: number; error: string | null; createdAt: Date } | null;
}

/** For each output node of the app: its last delivered write and its oldest pending one. */
export async function outputProgress(db: Db | Tx, app: string): Promise<Map<string, OutputProgress>> {
  const rows = await db
    .select()
    .from(dagOutputWrites)
    .where(and(eq(dagOutputWrites.app, app)))
    .orderBy(desc(dagOutputWrites.createdAt));
  const byKey = new Map<string, OutputProgress>();
  for (const row of rows) {
    const progress = byKey.get(row.nodeKey) ?? { delivered: null, pending: null };
    if (row.status === "delivered" && !progress.delivered) {
      progress.delivered = { versions: row.versions, at: row.deliveredAt ?? row.createdAt, releaseId: row.releaseId };
    }
    // Rows come newest first: the last pending one seen is the oldest, the next to deliver.
    if (row.status === "pending") progress.pending = { versions: row.versions, attempts: row.attempts, error: row.error, createdAt: row.createdAt };
    byKey.set(row.nodeKey, progress);
  }
  return byKey;
}
