import { and, asc, eq, inArray, isNull, lt, lte, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { outbox } from "@/db/schema";

export type OutboxRecord = typeof outbox.$inferSelect;

/**
 * Claims the next record to deliver, or null: pending, due, not leased by a live dispatcher,
 * and the first undelivered one of its app. `FOR UPDATE SKIP LOCKED` lets dispatchers in
 * other processes claim other apps' records at the same moment without waiting; the lease
 * keeps the record theirs after the claiming transaction ends.
 */
export async function claimDelivery(db: Db, opts: { owner: string; leaseMs: number }): Promise<OutboxRecord | null> {
  return db.transaction(async (tx) => {
    const earlier = alias(outbox, "earlier");
    const [candidate] = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.state, "pending"),
          lte(outbox.nextAttemptAt, sql`now()`),
          or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, sql`now()`)),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(earlier)
              .where(and(eq(earlier.app, outbox.app), lt(earlier.seq, outbox.seq), inArray(earlier.state, ["verifying", "pending", "failed"]))),
          ),
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!candidate) return null;
    const [claimed] = await tx
      .update(outbox)
      .set({
        leaseOwner: opts.owner,
        leaseUntil: sql`now() + ${opts.leaseMs} * interval '1 millisecond'`,
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(eq(outbox.id, candidate.id))
      .returning();
    return claimed ?? null;
  });
}
