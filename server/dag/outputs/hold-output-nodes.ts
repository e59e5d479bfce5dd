import { and, eq, inArray } from "drizzle-orm";
import { dagOutputWrites } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { nodeBehaviour } from "../node-kinds";
import { recordEvent, type DagSession } from "../state/dag-session";

export interface HoldRelease {
  id: string;
  seq: number;
  rollbackOfSeq: number | null;
  versions: Record<string, string>;
}

/**
 * A rollback that rolled DAG-written version keys back holds the output nodes that write them
 * at the rolled-back versions: DAG versions only move forward, so the engine would otherwise
 * publish its inputs' newer versions over the rollback at the next move. Called in the
 * transaction that creates the rollback release, under the DAG lock (taken before the app row,
 * the engine's order). Writes of those nodes still waiting for delivery are superseded.
 * Nodes that are gone from the DAG or do not write to the config center are skipped.
 */
export async function holdOutputNodes(session: DagSession, opts: { nodes: string[]; release: HoldRelease; actor: Actor }): Promise<string[]> {
  const held: string[] = [];
  const inputKeys = (id: string) => session.dag.edges.filter((e) => e.target === id).map((e) => session.dag.nodes.find((n) => n.id === e.source)?.key).filter((k): k is string => Boolean(k));
  for (const key of opts.nodes) {
    const node = session.dag.nodes.find((n) => n.key === key);
    const state = session.states[key];
    if (!node || !state || !nodeBehaviour(node.kind).writesOutput) continue;
    const versions: Record<string, string> = {};
    for (const k of nodeBehaviour(node.kind).writtenKeys(node, inputKeys(node.id))) {
      if (opts.release.versions[k] !== undefined) versions[k] = opts.release.versions[k];
    }
    const by = actorLabel(opts.actor);
    session.states[key] = { ...state, hold: { versions, releaseId: opts.release.id, releaseSeq: opts.release.seq, rollbackOfSeq: opts.release.rollbackOfSeq, since: session.at.toISOString(), by } };
    held.push(key);
    const what = Object.entries(versions).map(([k, v]) => `${k}=${v}`).join(", ") || "no version";
    recordEvent(session, {
      key,
      type: "held",
      version: versions[key] ?? Object.values(versions)[0] ?? null,
      message: `Held at ${what} by rollback #${opts.release.seq}${opts.release.rollbackOfSeq !== null ? ` (to #${opts.release.rollbackOfSeq})` : ""}: the engine publishes nothing for this node until someone resumes it`,
      actor: by,
      detail: { releaseId: opts.release.id, releaseSeq: opts.release.seq },
    });
    await recordAudit(session.tx, { actor: opts.actor, app: session.app, kind: "dag_node", action: "hold", target: `${session.app}/${key}`, after: { versions, release: `#${opts.release.seq}` } });
  }
  if (held.length > 0) {
    await session.tx
      .update(dagOutputWrites)
      .set({ status: "superseded" })
      .where(and(eq(dagOutputWrites.app, session.app), inArray(dagOutputWrites.nodeKey, held), eq(dagOutputWrites.status, "pending")));
  }
  return held;
}
