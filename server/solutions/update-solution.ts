import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { solutions } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { SaveSolutionSchema, type SaveSolutionInput } from "@/server/contracts/solution-drafts";
import { conflict, notFound } from "@/server/errors";
import { checkFeatureTemplates } from "./check-feature-templates";
import { diffSolutions } from "@/sdk/src/core/solutions/diff-solutions";
import { getSolutionsDraft } from "./get-solutions-draft";
import { bumpDraft, lockDraft } from "./lock-draft";
import { solutionColumns } from "./solution-row";
import { assertValidSplit } from "@/sdk/src/core/solutions/validate-split";

/**
 * Replaces one solution (the name may change too). When its buckets change, the resulting split
 * must be valid. Saving what is already there changes nothing and records nothing.
 */
export async function updateSolution(db: Db, opts: { actor: Actor; app: string; name: string; input: SaveSolutionInput }) {
  const { version, solution } = SaveSolutionSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, opts.app, version);
    const before = draft.solutions.find((s) => s.name === opts.name);
    if (!before) throw notFound(`${opts.app} has no solution named "${opts.name}".`, { solution: opts.name });
    if (solution.name !== opts.name && draft.solutions.some((s) => s.name === solution.name)) {
      throw conflict(`${opts.app} already has a solution named "${solution.name}".`, { field: "solution.name" });
    }
    const after = { ...solution, buckets: [...solution.buckets].sort((a, b) => a - b) };
    const renamed = after.name !== before.name;
    const changes = diffSolutions([{ ...before, name: after.name }], [after]).changed;
    if (!renamed && changes.length === 0) return draft;

    if (changes.some((c) => c.changes.some((f) => f.field === "buckets"))) {
      assertValidSplit(draft.app.bucketCount, draft.solutions.map((s) => (s.name === opts.name ? after : s)));
    }
    await checkFeatureTemplates(tx, { app: opts.app, solutions: [after] });
    await tx
      .update(solutions)
      .set({ ...solutionColumns(after), updatedBy: actorLabel(opts.actor), updatedAt: new Date() })
      .where(and(eq(solutions.app, opts.app), eq(solutions.name, opts.name)));
    await bumpDraft(tx, opts.app, opts.actor);
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "solution", action: "update", target: `${opts.app}/${opts.name}`, before, after });
    return getSolutionsDraft(tx, opts.app);
  });
}
