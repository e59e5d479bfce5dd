import type { Actor } from "@/server/auth/actor";
import { createChangeRequest } from "@/server/approvals/create-change-request";
import type { DagSession } from "../state/dag-session";
import { DAG_PROMOTION_KIND, type DagPromotionPayload } from "./promotion-payload";
import { upstreamSetters } from "./upstream-setters";

/**
 * A trigger node that requires approval confirmed its ready version: ask a reviewer, in the
 * transaction that moved the node. Whoever set the upstream data versions may not approve.
 * Returns the change request's id.
 */
export async function requestPromotion(session: DagSession, opts: { node: string; version: string; actor: Actor }): Promise<string> {
  const state = session.states[opts.node]!;
  const setters = upstreamSetters(session, opts.node);
  const payload: DagPromotionPayload = { app: session.app, node: opts.node, version: opts.version };
  const request = await createChangeRequest(session.tx, {
    actor: opts.actor,
    app: session.app,
    kind: DAG_PROMOTION_KIND,
    title: `Promote ${opts.node} to ${opts.version}`,
    payload,
    diff: { node: opts.node, online: { before: state.online, after: opts.version }, inputs: state.consumed },
    comment:
      `The hook of ${opts.node} confirmed ${opts.version}; it goes online once approved.` +
      (setters.labels.length ? ` Set upstream by ${setters.labels.join(", ")}, who may not approve it.` : ""),
    requiredApprovals: 1,
    excludedApprovers: setters.ids,
  });
  return request.id;
}
