import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { solutions } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { SaveSplitSchema, type SaveSplitInput } from "@/server/contracts/solution-drafts";
import { unprocessable } from "@/server/errors";
import { getSolutionsDraft } from "./get-solutions-draft";
import { bumpDraft, lockDraft } from "./lock-draft";
import { assertValidSplit } from "@/sdk/src/core/solutions/validate-split";

/**
 * Saves a new bucket split: the buckets of every solution of the app, by name. The split must be
 * valid (every bucket in exactly one solution: 422 naming gaps, overlaps and buckets out of
 * range). A split equal to the saved one changes nothing and records nothing.
 */
export async function saveSplit(db: Db, opts: { actor: Actor; app: string; input: SaveSplitInput }) {
  const input = SaveSplitSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, opts.app, input.version);
    const names = new Set(draft.solutions.map((s) => s.name));
    const unknown = Object.keys(input.buckets).filter((name) => !names.has(name));
    const missing = [...names].filter((name) => !Object.hasOwn(input.buckets, name));
    if (unknown.length > 0 || missing.length > 0) {
      const problems = [
        unknown.length ? `${opts.app} has no solution ${unknown.map((n) => `"${n}"`).join(", ")}` : "",
        missing.length ? `the buckets of ${missing.map((n) => `"${n}"`).join(", ")} are missing` : "",
      ].filter(Boolean);
      throw unprocessable(`Give the buckets of every solution of ${opts.app}, and only those: ${problems.join("; ")}.`, { unknown, missing });
    }
    const after = draft.solutions.map((s) => ({ name: s.name, buckets: [...input.buckets[s.name]!].sort((a, b) => a - b) }));
    assertValidSplit(draft.app.bucketCount, after);

    const before = Object.fromEntries(draft.solutions.map((s) => [s.name, s.buckets]));
    const changed = after.filter((s) => !sameList(s.buckets, before[s.name]!));
    if (changed.length === 0) return draft;
    for (const s of changed) {
      await tx
        .update(solutions)
        .set({ buckets: s.buckets, updatedBy: actorLabel(opts.actor), updatedAt: new Date() })
        .where(and(eq(solutions.app, opts.app), eq(solutions.name, s.name)));
    }
    await bumpDraft(tx, opts.app, opts.actor);
    await recordAudit(tx, {
      actor: opts.actor,
      app: opts.app,
      kind: "solution-split",
      action: "update",
      target: opts.app,
      before,
      after: Object.fromEntries(after.map((s) => [s.name, s.buckets])),
    });
    return getSolutionsDraft(tx, opts.app);
  });
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
