import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagHookCalls } from "@/db/schema";
import { HookCallbackSchema, type HookCallbackInput } from "@/server/contracts/dag-status";
import { conflict, notFound } from "@/server/errors";
import { HOOK_CALLBACK } from "../engine/engine-actor";
import { applySessionEvent } from "../state/apply-session-event";
import { changeDag } from "../state/change-dag";
import { callbackTokenHash } from "./callback-token";

/**
 * A hook receiver confirms or fails the call it was sent, through the one-time callback URL.
 * Refused, changing nothing: an unknown token (404), a call already answered or timed out, a
 * call for a version the node has moved past (409). On success the node is confirmed and the
 * cascade (approval request or promotion, what follows downstream) runs in this transaction.
 */
export async function answerCallback(db: Db, opts: { token: string; input: HookCallbackInput }) {
  const input = HookCallbackSchema.parse(opts.input);
  const hash = callbackTokenHash(opts.token);
  const [found] = await db.select({ app: dagHookCalls.app }).from(dagHookCalls).where(eq(dagHookCalls.tokenHash, hash)).limit(1);
  if (!found) throw notFound("Unknown callback token: this URL was not issued by this console, or the call was removed.");
  return changeDag(db, { app: found.app, actor: HOOK_CALLBACK }, async (session) => {
    const tx = session.tx;
    const [row] = await tx.select().from(dagHookCalls).where(eq(dagHookCalls.tokenHash, hash)).for("update");
    if (!row) throw notFound("Unknown callback token.");
    const where = { app: row.app, node: row.nodeKey, version: row.version, status: row.status };
    if (row.status === "confirmed" || row.status === "failed") {
      throw conflict(`This call of ${row.nodeKey} for ${row.version} was already answered (${row.status}${row.error ? `: ${row.error}` : ""}); a callback URL works once.`, where);
    }
    const state = session.states[row.nodeKey];
    if (row.status === "superseded" || !state || state.ready !== row.version || !["hook_called", "waiting_confirmation"].includes(state.phase)) {
      throw conflict(
        state
          ? `This call is for ${row.nodeKey} ${row.version}, but the node is now ${state.phase.replace(/_/g, " ")} at ${state.ready ?? "no version"}; nothing was changed.`
          : `${row.nodeKey} is no longer in the DAG; nothing was changed.`,
        where,
      );
    }
    const ok = input.status === "success";
    const error = `the hook reported failure${input.message ? `: ${input.message}` : ""}`;
    applySessionEvent(
      session,
      row.nodeKey,
      ok ? { type: "hook_confirmed", version: row.version } : { type: "hook_failed", version: row.version, error },
      HOOK_CALLBACK,
      input.message ? { message: input.message } : undefined,
    );
    await tx
      .update(dagHookCalls)
      .set({ status: ok ? "confirmed" : "failed", error: ok ? null : error, retryable: false, answeredAt: session.at })
      .where(eq(dagHookCalls.id, row.id));
    return {
      result: () => {
        const after = session.states[row.nodeKey]!;
        return { app: row.app, node: row.nodeKey, version: row.version, phase: after.phase, online: after.online };
      },
      audit: {
        kind: "dag_node",
        action: ok ? "hook_confirmed" : "hook_failed",
        target: `${row.app}/${row.nodeKey}`,
        after: { version: row.version, attempt: row.attempt, message: input.message ?? null },
      },
    };
  });
}
