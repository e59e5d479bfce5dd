import { eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { dagNodeStates } from "@/db/schema";
import type { DagDocument } from "@/server/contracts/dag";
import { notFound } from "@/server/errors";
import { initialNodeState, type DagStates } from "../graph/propagate";
import { lockAppDag, type DagDocumentRow } from "./lock-app-dag";
import { insertNodeEvents, type NodeEventRecord } from "./node-event-record";

export interface NodeExtras {
  setById: string | null;
  setByLabel: string | null;
  approvalRequestId: string | null;
}

/**
 * One transaction's view of an app's DAG, under its lock: the document, every node's state
 * (a node without a row starts from its initial state) and what the engine keeps beside it.
 * Changes are made in memory through applySessionEvent / settleSession and written by
 * flushSession, so each transaction writes each changed node once.
 */
export interface DagSession {
  tx: Tx;
  app: string;
  row: DagDocumentRow;
  dag: DagDocument;
  at: Date;
  states: DagStates;
  extras: Map<string, NodeExtras>;
  /** JSON of each node's state and extras as loaded; what flushSession compares against. */
  loaded: Map<string, string>;
  events: NodeEventRecord[];
}

export async function openSession(tx: Tx, app: string, opts: { at: Date; skipLocked?: boolean }): Promise<DagSession | null> {
  const row = await lockAppDag(tx, app, { skipLocked: opts.skipLocked });
  if (!row) return null;
  const rows = await tx.select().from(dagNodeStates).where(eq(dagNodeStates.app, app));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const states: DagStates = {};
  const extras = new Map<string, NodeExtras>();
  const loaded = new Map<string, string>();
  for (const node of row.document.nodes) {
    const stored = byKey.get(node.key);
    // A node whose kind changed under the same key starts over: its old state means nothing now.
    const state = stored && stored.state.kind === node.kind ? stored.state : initialNodeState(node);
    const extra: NodeExtras = stored && stored.state.kind === node.kind
      ? { setById: stored.setById, setByLabel: stored.setByLabel, approvalRequestId: stored.approvalRequestId }
      : { setById: null, setByLabel: null, approvalRequestId: null };
    states[node.key] = state;
    extras.set(node.key, extra);
    if (stored && stored.state.kind === node.kind) loaded.set(node.key, snapshot(state, extra));
  }
  return { tx, app, row, dag: row.document, at: opts.at, states, extras, loaded, events: [] };
}

/** openSession for outside events: waits for the lock; 404 when the app has no DAG. */
export async function requireSession(tx: Tx, app: string, at: Date): Promise<DagSession> {
  const session = await openSession(tx, app, { at });
  if (!session) throw notFound(`App "${app}" has no version DAG yet; save one in the editor first.`, { app });
  return session;
}

export function requireNode(session: DagSession, key: string) {
  const node = session.dag.nodes.find((n) => n.key === key);
  if (!node) throw notFound(`The version DAG of ${session.app} has no node "${key}".`, { app: session.app, key });
  return node;
}

export function recordEvent(session: DagSession, event: Omit<NodeEventRecord, "at">): void {
  session.events.push({ ...event, at: session.at });
}

/** Writes every node whose state or extras changed, and the history entries. */
export async function flushSession(session: DagSession): Promise<void> {
  for (const [key, state] of Object.entries(session.states)) {
    const extra = session.extras.get(key) ?? { setById: null, setByLabel: null, approvalRequestId: null };
    if (session.loaded.get(key) === snapshot(state, extra)) continue;
    const values = { state, changedAt: session.at, ...extra };
    await session.tx
      .insert(dagNodeStates)
      .values({ app: session.app, key, ...values })
      .onConflictDoUpdate({ target: [dagNodeStates.app, dagNodeStates.key], set: values });
    session.loaded.set(key, snapshot(state, extra));
  }
  await insertNodeEvents(session.tx, session.app, session.events);
  session.events = [];
}

function snapshot(state: unknown, extra: NodeExtras): string {
  return JSON.stringify([state, extra]);
}
