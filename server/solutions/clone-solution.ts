import type { Db } from "@/db";
import { solutions } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { CloneSolutionSchema, type CloneSolutionInput } from "@/server/contracts/solution-drafts";
import { conflict, notFound } from "@/server/errors";
import { getSolutionsDraft } from "./get-solutions-draft";
import { bumpDraft, lockDraft } from "./lock-draft";
import { renumberSolutions } from "./renumber-solutions";
import { assertSolutionsPerApp } from "./assert-solutions-per-app";
import { solutionColumns } from "./solution-row";

/**
 * A copy of a solution (features, model, fg) under a new name, placed right after it. The copy
 * starts without buckets: a bucket belongs to exactly one solution, so traffic moves to the
 * copy only through the split editor.
 */
export async function cloneSolution(db: Db, opts: { actor: Actor; app: string; name: string; input: CloneSolutionInput }) {
  const input = CloneSolutionSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, opts.app, input.version);
    const index = draft.solutions.findIndex((s) => s.name === opts.name);
    const source = draft.solutions[index];
    if (!source) throw notFound(`${opts.app} has no solution named "${opts.name}".`, { solution: opts.name });
    if (draft.solutions.some((s) => s.name === input.name)) {
      throw conflict(`${opts.app} already has a solution named "${input.name}".`, { field: "name" });
    }
    assertSolutionsPerApp(draft.solutions.length + 1);
    const copy = { ...structuredClone(source), name: input.name, buckets: [] };
    await tx.insert(solutions).values({ app: opts.app, position: index + 1, ...solutionColumns(copy), updatedBy: actorLabel(opts.actor) });
    // Everything after the source moves one place down to make room for the copy.
    await renumberSolutions(tx, opts.app, [...draft.solutions.slice(0, index + 1), copy, ...draft.solutions.slice(index + 1)].map((s) => s.name));
    await bumpDraft(tx, opts.app, opts.actor);
    await recordAudit(tx, {
      actor: opts.actor,
      app: opts.app,
      kind: "solution",
      action: "clone",
      target: `${opts.app}/${input.name}`,
      before: { clonedFrom: source.name },
      after: copy,
    });
    return getSolutionsDraft(tx, opts.app);
  });
}
