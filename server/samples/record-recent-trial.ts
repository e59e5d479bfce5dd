import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { apps, recentTrials } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { MAX_SAMPLE_ORIGIN_BYTES, RECENT_TRIALS_KEPT } from "@/server/contracts/verification";
import { safeErrorMessage } from "@/server/log/loggable-error";

/**
 * Keeps a trial's origin among its app's latest RECENT_TRIALS_KEPT (older ones are trimmed in
 * the same transaction), so a person can turn it into a sample request. Nothing is kept for an
 * app that does not exist, or an origin larger than a sample may be. Answers whether it kept it.
 */
export async function recordRecentTrial(db: Db, opts: { app: string; origin: Record<string, unknown>; actor: Actor }): Promise<boolean> {
  if (Object.keys(opts.origin).length === 0 || JSON.stringify(opts.origin).length > MAX_SAMPLE_ORIGIN_BYTES) return false;
  return db.transaction(async (tx) => {
    const [app] = await tx.select({ name: apps.name }).from(apps).where(eq(apps.name, opts.app));
    if (!app) return false;
    await tx.insert(recentTrials).values({ app: opts.app, origin: opts.origin, by: actorLabel(opts.actor) });
    const oldestKept = tx
      .select({ id: recentTrials.id })
      .from(recentTrials)
      .where(eq(recentTrials.app, opts.app))
      .orderBy(desc(recentTrials.id))
      .offset(RECENT_TRIALS_KEPT - 1)
      .limit(1);
    await tx.delete(recentTrials).where(and(eq(recentTrials.app, opts.app), lt(recentTrials.id, sql`(${oldestKept})`)));
    return true;
  });
}

const pending = new Set<Promise<unknown>>();

/**
 * Fire and forget, for trial scoring: the trial's answer never waits for it and never fails
 * because of it; a failure is logged.
 */
export function rememberTrial(db: Db, opts: { app: string; origin: Record<string, unknown>; actor: Actor }): void {
  const p = recordRecentTrial(db, opts)
    .catch((e: unknown) => console.error(`[recent trials] could not keep a trial of ${opts.app}:`, safeErrorMessage(e)))
    .finally(() => pending.delete(p));
  pending.add(p);
}

/** Resolves once every trial remembered so far is kept (or failed): for tests and shutdown. */
export async function recentTrialsSettled(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
