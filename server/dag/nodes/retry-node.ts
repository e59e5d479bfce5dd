import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { DagNodeState } from "@/server/contracts/dag";
import { conflict, unprocessable } from "@/server/errors";
import { retryEventOf } from "../graph/propagate";
import { kindsWhere, nodeBehaviour } from "../node-kinds";
import { applySessionEvent } from "../state/apply-session-event";
import { changeDag } from "../state/change-dag";
import { requireNode } from "../state/dag-session";

/**
 * A person retries a failed trigger node from the console: its hook is called again for the
 * ready version, attempts counted from zero, or, when its inputs moved on meanwhile, for the
 * newest inputs (retryEventOf). Anything but a failed trigger is a 409.
 */
export async function retryNode(db: Db, opts: { actor: Actor; app: string; key: string }): Promise<DagNodeState> {
  return changeDag(db, { app: opts.app, actor: opts.actor }, (session) => {
    const node = requireNode(session, opts.key);
    if (!nodeBehaviour(node.kind).callsHooks) {
      throw unprocessable(`${opts.key} is a ${node.kind} node; only ${kindsWhere((b) => b.callsHooks).join(" and ")} nodes call hooks.`, { key: opts.key });
    }
    const before = session.states[opts.key]!;
    if (before.phase !== "failed" || before.ready === null) {
      throw conflict(`${opts.key} has not failed (it is ${before.phase.replace(/_/g, " ")}); there is nothing to retry.`, { key: opts.key, phase: before.phase });
    }
    applySessionEvent(session, opts.key, retryEventOf(session.dag, session.states, opts.key), opts.actor);
    return {
      result: () => session.states[opts.key]!,
      audit: { kind: "dag_node", action: "retry", target: `${opts.app}/${opts.key}`, before: { phase: before.phase, ready: before.ready, error: before.lastError?.message ?? null } },
    };
  });
}
