import { and, eq, inArray, lte } from "drizzle-orm";
import { dagHookCalls } from "@/db/schema";
import { DAG_ENGINE } from "../engine/engine-actor";
import { applySessionEvent } from "../state/apply-session-event";
import type { DagSession } from "../state/dag-session";

/**
 * Calls whose confirmation did not come within the trigger's timeout fail (a person retries
 * them from the console). That includes a call whose request a crash cut short: it is never
 * sent again by itself.
 */
export async function expireHookCalls(session: DagSession): Promise<number> {
  const due = await session.tx
    .select()
    .from(dagHookCalls)
    .where(and(eq(dagHookCalls.app, session.app), inArray(dagHookCalls.status, ["calling", "accepted"]), lte(dagHookCalls.deadlineAt, session.at)))
    .for("update");
  for (const row of due) {
    const seconds = Math.round((row.deadlineAt.getTime() - row.calledAt.getTime()) / 1000);
    const error = `no confirmation within ${seconds}s (timeout)`;
    const state = session.states[row.nodeKey];
    if (state && state.ready === row.version && (state.phase === "hook_called" || state.phase === "waiting_confirmation")) {
      applySessionEvent(session, row.nodeKey, { type: "hook_failed", version: row.version, error }, DAG_ENGINE);
    }
    await session.tx.update(dagHookCalls).set({ status: "failed", error, retryable: false, answeredAt: session.at }).where(eq(dagHookCalls.id, row.id));
  }
  return due.length;
}
