import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { featureTables } from "@/db/schema";
import { conflict } from "@/server/errors";

/** A load that has not renewed its lease for this long crashed or stalled: the next load takes over. */
export const LOAD_LEASE_SECONDS = 60;

/**
 * One load at a time per table, across console processes (any storage): the table's registry
 * row names the generation being staged and when its lease was last renewed. Every statement
 * is short: no transaction stays open while the rows are written.
 */
export interface LoadLease {
  tableId: string;
  /** The generation reads see now. */
  current: number;
  /** The generation this load stages (greater than any before, so a stalled load's late writes never mix with it). */
  generation: number;
  /** Called between batches: fails when another load took the table over. */
  renew(): Promise<void>;
  /**
   * Ends the lease inside the caller's switch transaction; `switchTo` also makes the staged
   * generation the one reads see (built-in tables). Fails, and the caller's transaction rolls back,
   * when another load took over meanwhile.
   */
  finish(tx: Db | Tx, opts?: { switchTo?: boolean }): Promise<void>;
  /** Gives the table up after a failed or cancelled load. */
  release(): Promise<void>;
}

export async function claimLoad(db: Db, opts: { tableId: string; table: string; version?: number }): Promise<LoadLease> {
  const { tableId, table } = opts;
  const [claimed] = await db
    .update(featureTables)
    .set({
      loadGeneration: sql`greatest(${featureTables.generation}, coalesce(${featureTables.loadGeneration}, 0)) + 1`,
      loadRenewedAt: sql`now()`,
    })
    .where(
      and(
        eq(featureTables.id, tableId),
        opts.version === undefined ? undefined : eq(featureTables.version, opts.version),
        sql`(${featureTables.loadGeneration} is null or ${featureTables.loadRenewedAt} < now() - make_interval(secs => ${LOAD_LEASE_SECONDS}))`,
      ),
    )
    .returning({ current: featureTables.generation, generation: featureTables.loadGeneration });
  if (!claimed?.generation) {
    const [now] = await db.select({ version: featureTables.version }).from(featureTables).where(eq(featureTables.id, tableId));
    if (!now || (opts.version !== undefined && now.version !== opts.version)) {
      throw conflict(`Feature table "${table}" changed while the file was checked; load it again.`, { table });
    }
    throw conflict(`Feature table "${table}" is being loaded by someone else; try again when that load has finished.`, { table });
  }
  const generation = claimed.generation;
  const mine = and(eq(featureTables.id, tableId), eq(featureTables.loadGeneration, generation));
  const takenOver = () => conflict(`Feature table "${table}": another load took this one over; nothing of it was kept.`, { table });

  return {
    tableId,
    current: claimed.current,
    generation,
    async renew() {
      const rows = await db.update(featureTables).set({ loadRenewedAt: sql`now()` }).where(mine).returning({ id: featureTables.id });
      if (rows.length === 0) throw takenOver();
    },
    async finish(tx, finishOpts = {}) {
      const rows = await tx
        .update(featureTables)
        .set({ loadGeneration: null, loadRenewedAt: null, ...(finishOpts.switchTo ? { generation } : {}) })
        .where(mine)
        .returning({ id: featureTables.id });
      if (rows.length === 0) throw takenOver();
    },
    async release() {
      await db.update(featureTables).set({ loadGeneration: null, loadRenewedAt: null }).where(mine);
    },
  };
}
