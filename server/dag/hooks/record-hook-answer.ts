import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagHookCalls } from "@/db/schema";
import { DAG_ENGINE } from "../engine/engine-actor";
import { backoffMs } from "../engine/backoff";
import { applySessionEvent } from "../state/apply-session-event";
import { flushSession, openSession } from "../state/dag-session";
import { settleSession } from "../state/settle-session";
import type { HookRequest } from "./hook-request";
import type { HookAnswer } from "./send-hook";

export interface RetryPolicy {
  retryBaseMs: number;
  retryMaxMs: number;
}

/**
 * Records how the receiver answered a hook request. Only a call still `calling` changes
 * anything: a callback that came first (or a timeout) has settled it already.
 * A transport failure is retried by the engine after a backoff while the node's retries last.
 */
export async function recordHookAnswer(db: Db, opts: { request: HookRequest; answer: HookAnswer; at: Date; policy: RetryPolicy }): Promise<void> {
  const { request, answer, at } = opts;
  await db.transaction(async (tx) => {
    const session = await openSession(tx, request.app, { at });
    if (!session) return;
    const [row] = await tx.select().from(dagHookCalls).where(eq(dagHookCalls.id, request.callId)).for("update");
    if (!row || row.status !== "calling") {
      if (row) await tx.update(dagHookCalls).set({ responseStatus: answer.status }).where(eq(dagHookCalls.id, row.id));
      return;
    }
    const state = session.states[row.nodeKey];
    const current = state && state.ready === row.version && state.phase === "hook_called";
    if (answer.kind === "accepted") {
      if (current) applySessionEvent(session, row.nodeKey, { type: "hook_accepted", version: row.version }, DAG_ENGINE, { status: answer.status });
      await tx.update(dagHookCalls).set({ status: "accepted", responseStatus: answer.status }).where(eq(dagHookCalls.id, row.id));
    } else {
      const trigger = session.dag.nodes.find((n) => n.key === row.nodeKey)?.trigger;
      const maxAttempts = 1 + (trigger?.retries ?? 0);
      const retryable = answer.kind === "unreachable" && row.attempt < maxAttempts;
      const retryAt = retryable ? new Date(at.getTime() + backoffMs(row.attempt, opts.policy.retryBaseMs, opts.policy.retryMaxMs)) : null;
      const error = retryable
        ? `${answer.message} (attempt ${row.attempt} of ${maxAttempts}; retrying at ${retryAt!.toISOString()})`
        : answer.kind === "unreachable" && maxAttempts > 1
          ? `${answer.message} (attempt ${row.attempt} of ${maxAttempts}; no retries left)`
          : answer.message;
      if (current) applySessionEvent(session, row.nodeKey, { type: "hook_failed", version: row.version, error }, DAG_ENGINE, { status: answer.status });
      await tx
        .update(dagHookCalls)
        .set({ status: "failed", responseStatus: answer.status, error, retryable, retryAt, answeredAt: at })
        .where(eq(dagHookCalls.id, row.id));
    }
    await settleSession(session, DAG_ENGINE);
    await flushSession(session);
  });
}
