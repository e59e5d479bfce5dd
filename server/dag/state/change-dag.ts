import type { Db, Tx } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { recordAudit, type AuditInput } from "@/server/audit/record-audit";
import { verifyHeldReleases } from "@/server/releases/held/verify-held-releases";
import { afterDagCommit } from "../engine/wake";
import { flushSession, requireSession, type DagSession } from "./dag-session";
import { settleSession } from "./settle-session";

/** What a change of the DAG hands back: how to read its result, and the audit entry it makes (if any). */
export interface DagChangeOutcome<T> {
  /** Read once the change has settled and been written (a node's state after the cascade). */
  result: () => T;
  audit?: Omit<AuditInput, "actor" | "app">;
  /** false: nothing moved (e.g. a decision that came too late), so nothing to settle; still flushed (events). */
  settle?: boolean;
}

/**
 * The one sequence of a change to an app's DAG from outside the engine (a data version, a retry,
 * a resume, a hook's callback, a reviewer's decision), inside a transaction the caller owns:
 * lock and load the DAG (404 when the app has none), let `change` apply its events, settle what
 * they set off (graph/propagate.ts), write the changed nodes and their history, and record the
 * audit entry. The caller wakes the engines once the transaction commits (afterDagCommit):
 * `changeDag` below does all of it for a change that is its own transaction.
 */
export async function changeDagInTx<T>(
  tx: Tx,
  opts: { app: string; actor: Actor },
  change: (session: DagSession) => Promise<DagChangeOutcome<T>> | DagChangeOutcome<T>,
): Promise<T> {
  const session = await requireSession(tx, opts.app, new Date());
  const outcome = await change(session);
  if (outcome.settle !== false) await settleSession(session, opts.actor);
  await flushSession(session);
  if (outcome.audit) await recordAudit(tx, { actor: opts.actor, app: opts.app, ...outcome.audit });
  return outcome.result();
}

/** changeDagInTx in a transaction of its own, and the engines woken once it has committed. */
export async function changeDag<T>(
  db: Db,
  opts: { app: string; actor: Actor },
  change: (session: DagSession) => Promise<DagChangeOutcome<T>> | DagChangeOutcome<T>,
): Promise<T> {
  const result = await db.transaction((tx) => changeDagInTx(tx, opts, change));
  afterDagCommit(opts.app);
  await verifyHeldReleases(db, { app: opts.app });
  return result;
}
