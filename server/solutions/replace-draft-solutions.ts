import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db";
import { solutions } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import type { Solution } from "@/server/contracts/solutions";
import { bumpDraft } from "./lock-draft";
import { solutionColumns } from "./solution-row";

/**
 * Makes the app's (locked) draft exactly `next`, in its order: new solutions are created,
 * changed ones updated, absent ones removed; the draft goes one version up. The caller checked
 * `next` and holds the draft's lock (lockDraft).
 */
export async function replaceDraftSolutions(tx: Tx, opts: { app: string; current: readonly Solution[]; next: readonly Solution[]; actor: Actor }): Promise<void> {
  const keep = new Set(opts.next.map((s) => s.name));
  const removed = opts.current.map((s) => s.name).filter((name) => !keep.has(name));
  if (removed.length > 0) await tx.delete(solutions).where(and(eq(solutions.app, opts.app), inArray(solutions.name, removed)));
  const existing = new Set(opts.current.map((s) => s.name));
  const updatedBy = actorLabel(opts.actor);
  for (const [position, solution] of opts.next.entries()) {
    const columns = { position, ...solutionColumns(solution), updatedBy };
    if (existing.has(solution.name)) {
      await tx
        .update(solutions)
        .set({ ...columns, updatedAt: new Date() })
        .where(and(eq(solutions.app, opts.app), eq(solutions.name, solution.name)));
    } else {
      await tx.insert(solutions).values({ app: opts.app, ...columns });
    }
  }
  await bumpDraft(tx, opts.app, opts.actor);
}
