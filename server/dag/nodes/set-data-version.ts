import type { Db } from "@/db";
import { actorLabel, type Actor } from "@/server/auth/actor";
import type { DagNodeState } from "@/server/contracts/dag";
import { SetDataVersionSchema, type SetDataVersionInput } from "@/server/contracts/dag-status";
import { unprocessable } from "@/server/errors";
import { kindsWhere, nodeBehaviour } from "../node-kinds";
import { applySessionEvent } from "../state/apply-session-event";
import { changeDag } from "../state/change-dag";
import { requireNode } from "../state/dag-session";

/**
 * A data platform (or an editor) sets a data node's version. It must be newer than the online
 * one (409 otherwise). What it sets off (ready versions moving, outputs written) is settled in
 * the same transaction; the hooks are called by the engine, which is woken at once.
 */
export async function setDataVersion(db: Db, opts: { actor: Actor; app: string; key: string; input: SetDataVersionInput }): Promise<DagNodeState> {
  const { version } = SetDataVersionSchema.parse(opts.input);
  return changeDag(db, { app: opts.app, actor: opts.actor }, (session) => {
    const node = requireNode(session, opts.key);
    if (!nodeBehaviour(node.kind).setFromOutside) {
      const settable = kindsWhere((b) => b.setFromOutside).join(" and ");
      throw unprocessable(`${opts.key} is a ${node.kind} node; only ${settable} nodes are set from outside.`, { key: opts.key, kind: node.kind });
    }
    const before = session.states[opts.key]!;
    applySessionEvent(session, opts.key, { type: "data_version_set", version, at: session.at.toISOString() }, opts.actor);
    session.extras.set(opts.key, {
      ...session.extras.get(opts.key)!,
      setById: opts.actor.type === "system" ? null : opts.actor.id,
      setByLabel: actorLabel(opts.actor),
    });
    return {
      result: () => session.states[opts.key]!,
      audit: { kind: "dag_node", action: "set_version", target: `${opts.app}/${opts.key}`, before: { online: before.online }, after: { online: version } },
    };
  });
}
