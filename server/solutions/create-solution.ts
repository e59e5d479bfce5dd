import type { Db } from "@/db";
import { solutions } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { SaveSolutionSchema, type SaveSolutionInput } from "@/server/contracts/solution-drafts";
import { conflict } from "@/server/errors";
import { checkFeatureTemplates } from "./check-feature-templates";
import { getSolutionsDraft } from "./get-solutions-draft";
import { bumpDraft, lockDraft } from "./lock-draft";
import { assertSolutionsPerApp } from "./assert-solutions-per-app";
import { solutionColumns } from "./solution-row";
import { assertValidSplit } from "@/sdk/src/core/solutions/validate-split";

/**
 * Adds a solution at the end of the app's list. A new solution usually starts without buckets;
 * when it brings some, the resulting split must be valid (422 naming the buckets otherwise).
 */
export async function createSolution(db: Db, opts: { actor: Actor; app: string; input: SaveSolutionInput }) {
  const { version, solution } = SaveSolutionSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, opts.app, version);
    if (draft.solutions.some((s) => s.name === solution.name)) {
      throw conflict(`${opts.app} already has a solution named "${solution.name}".`, { field: "solution.name" });
    }
    const after = [...draft.solutions, solution];
    assertSolutionsPerApp(after.length);
    if (solution.buckets.length > 0) assertValidSplit(draft.app.bucketCount, after);
    await checkFeatureTemplates(tx, { app: opts.app, solutions: [solution] });
    await tx.insert(solutions).values({
      app: opts.app,
      position: draft.solutions.length,
      ...solutionColumns(solution),
      updatedBy: actorLabel(opts.actor),
    });
    await bumpDraft(tx, opts.app, opts.actor);
    const saved = after[after.length - 1];
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "solution", action: "create", target: `${opts.app}/${solution.name}`, after: saved });
    return getSolutionsDraft(tx, opts.app);
  });
}
