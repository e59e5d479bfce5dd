import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { RollbackReleaseSchema, type RollbackReleaseInput } from "@/server/contracts/releases";
import { planRollback } from "./plan-rollback";
import { submitRelease } from "./submit-release";

/**
 * A rollback is a new release with an older one's document and versions (planRollback: version
 * keys the DAG wrote since keep their live values unless `rollBackDagKeys`), through the same
 * approval as any publish. Its change request shows the diff from live to the result; when
 * DAG keys roll back, their output nodes are held as the release is created.
 */
export async function rollbackRelease(db: Db, opts: { actor: Actor; app: string; releaseId: string; input: RollbackReleaseInput }) {
  const { comment, rollBackDagKeys } = RollbackReleaseSchema.parse(opts.input);
  const plan = await planRollback(db, { app: opts.app, releaseId: opts.releaseId, rollBackDagKeys: rollBackDagKeys ?? false });
  return submitRelease(db, {
    actor: opts.actor,
    app: opts.app,
    comment,
    change: plan.change,
    rollbackOf: plan.target,
    holds: plan.holds,
    diffFrom: plan.preview.before,
  });
}
