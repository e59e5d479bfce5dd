import { actorLabel, type Actor } from "@/server/auth/actor";
import { applyEvent, type DagEvent } from "../graph/propagate";
import { type DagSession, recordEvent } from "./dag-session";
import { describeEvent } from "./describe-step";

/**
 * Applies an outside event to one node of the session (throws the graph's 409 when it does
 * not fit, leaving the session untouched) and records it in the node's history.
 */
export function applySessionEvent(session: DagSession, key: string, event: DagEvent, actor: Actor, detail?: unknown): void {
  const state = session.states[key];
  if (!state) throw new Error(`applySessionEvent: no node ${key} in the session`);
  session.states[key] = applyEvent(state, event);
  recordEvent(session, { key, ...describeEvent(event), actor: actorLabel(actor), detail });
}
