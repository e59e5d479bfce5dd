import { and, eq, inArray, ne } from "drizzle-orm";
import { dagHookCalls, dagOutputWrites } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { requestPromotion } from "../approvals/request-promotion";
import { settle, type CallHookAction } from "../graph/propagate";
import { deliverOutputWrites } from "../outputs/deliver-output-writes";
import { outputVersions } from "../outputs/output-versions";
import { recordEvent, type DagSession } from "./dag-session";
import { describeAction } from "./describe-step";

/**
 * Runs the propagation cascade (graph/propagate.ts `settle`) on the session and carries out
 * what it decided inside the same transaction: output writes go to the DAG's outbox, approval
 * requests become change requests, promotions are audited, and due output writes become
 * releases (deliverOutputWrites). Returns the hooks to call now;
 * calling them (and recording `hook_called`) is the engine's job.
 */
export async function settleSession(session: DagSession, actor: Actor): Promise<CallHookAction[]> {
  const result = settle(session.dag, session.states, session.at.toISOString());
  session.states = result.states;
  const label = actorLabel(actor);
  for (const action of result.applied) {
    recordEvent(session, { key: action.node, ...describeAction(action), actor: label });
    switch (action.type) {
      case "advance_ready":
        // Calls for older versions can no longer settle anything.
        await session.tx
          .update(dagHookCalls)
          .set({ status: "superseded", retryable: false })
          .where(
            and(
              eq(dagHookCalls.app, session.app),
              eq(dagHookCalls.nodeKey, action.node),
              ne(dagHookCalls.version, action.version),
              inArray(dagHookCalls.status, ["calling", "accepted", "failed"]),
            ),
          );
        break;
      case "write_output": {
        const node = session.dag.nodes.find((n) => n.key === action.node)!;
        const versions = outputVersions(node, action.versions);
        await session.tx.insert(dagOutputWrites).values({ app: session.app, nodeKey: action.node, versions, nextTryAt: session.at });
        await recordAudit(session.tx, {
          actor,
          app: session.app,
          kind: "dag_node",
          action: "write_output",
          target: `${session.app}/${action.node}`,
          after: { versions, inputs: action.versions },
        });
        break;
      }
      case "request_approval": {
        const id = await requestPromotion(session, { node: action.node, version: action.version, actor });
        session.extras.set(action.node, { ...session.extras.get(action.node)!, approvalRequestId: id });
        break;
      }
      case "promote": {
        session.extras.set(action.node, { ...session.extras.get(action.node)!, approvalRequestId: null });
        await recordAudit(session.tx, {
          actor,
          app: session.app,
          kind: "dag_node",
          action: "promote",
          target: `${session.app}/${action.node}`,
          after: { online: action.version },
        });
        break;
      }
      case "set_waiting":
        break;
    }
  }
  await deliverOutputWrites(session);
  return result.hookCalls;
}
