import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { solutions } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { DeleteSolutionSchema } from "@/server/contracts/solution-drafts";
import { notFound, unprocessable } from "@/server/errors";
import { describeBuckets } from "@/sdk/src/core/solutions/bucket-ranges";
import { getSolutionsDraft } from "./get-solutions-draft";
import { bumpDraft, lockDraft } from "./lock-draft";
import { renumberSolutions } from "./renumber-solutions";

/**
 * Removes a solution. One that still serves buckets while other solutions exist is refused
 * (422): deleting it would leave those buckets to no solution, so they move first, in the split
 * editor. The last solution of an app may go with its buckets: no split is left to break.
 */
export async function deleteSolution(db: Db, opts: { actor: Actor; app: string; name: string; input: { version: number } }) {
  const { version } = DeleteSolutionSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, opts.app, version);
    const solution = draft.solutions.find((s) => s.name === opts.name);
    if (!solution) throw notFound(`${opts.app} has no solution named "${opts.name}".`, { solution: opts.name });
    const served = solution.buckets.filter((bucket) => bucket < draft.app.bucketCount);
    if (served.length > 0 && draft.solutions.length > 1) {
      throw unprocessable(
        `${opts.name} still serves ${describeBuckets(served)}: move them to another solution in the split editor before deleting it.`,
        { solution: opts.name, buckets: served },
      );
    }
    await tx.delete(solutions).where(and(eq(solutions.app, opts.app), eq(solutions.name, opts.name)));
    await renumberSolutions(tx, opts.app, draft.solutions.filter((s) => s !== solution).map((s) => s.name));
    await bumpDraft(tx, opts.app, opts.actor);
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "solution", action: "delete", target: `${opts.app}/${opts.name}`, before: solution });
    return getSolutionsDraft(tx, opts.app);
  });
}
