import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { DagNodeState } from "@/server/contracts/dag";
import { conflict, unprocessable } from "@/server/errors";
import { retryEventOf } from "../graph/propagate";
import { kindsWhere, nodeBehaviour } from "../node-kinds";
import { applySessionEvent } from "../state/apply-session-event";
import { changeDag } from "../state/change-dag";
import { verifyHeldReleases } from "@/server/releases/held/verify-held-releases";
import { retryOutputNode } from "./retry-output-node";
import { requireNode } from "../state/dag-session";

/**
 * A person retries a failed trigger node from the console: its hook is called again for the
 * ready version, attempts counted from zero, or, when its inputs moved on meanwhile, for the
 * newest inputs (retryEventOf). An output node whose release failed its verification is retried
 * too (retry-output-node.ts: verified again, or the newest inputs written). Anything else is a 409.
 */
export async function retryNode(db: Db, opts: { actor: Actor; app: string; key: string }): Promise<DagNodeState> {
  let reverify: string | null = null;
  const result = await changeDag(db, { app: opts.app, actor: opts.actor }, async (session) => {
    const node = requireNode(session, opts.key);
    const current = session.states[opts.key]!;
    if (node.kind === "output" && current.phase === "failed" && current.lastError?.kind === "verification_failed") {
      const before = { phase: current.phase, error: current.lastError.message, releaseId: current.lastError.releaseId ?? null };
      ({ reverify } = await retryOutputNode(session, opts.key, opts.actor));
      return {
        result: () => session.states[opts.key]!,
        audit: { kind: "dag_node", action: "retry", target: `${opts.app}/${opts.key}`, before, after: { reverify } },
      };
    }
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
  if (reverify) await verifyHeldReleases(db, { releaseIds: [reverify], again: true });
  return result;
}
