import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagDocuments, dagHookCalls, dagNodeStates } from "@/db/schema";
import { getApp } from "@/server/apps/get-app";
import type { DagStatus } from "@/server/contracts/dag-status";
import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import { alertInputs } from "../alerts/alert-inputs";
import { findAlerts } from "../graph/alerts";
import { initialNodeState, type DagStates } from "../graph/propagate";
import { nodeBehaviour } from "../node-kinds";
import { outputProgress } from "../outputs/output-progress";

/**
 * What the canvas shows live: every node's versions, phase, last change, its latest hook call
 * or output delivery, and the alerts. A read without the DAG lock: one consistent snapshot is
 * not needed for a picture refreshed every few seconds.
 */
export async function getDagStatus(db: Db, app: string, now = new Date()): Promise<DagStatus> {
  await getApp(db, app);
  const [doc] = await db.select().from(dagDocuments).where(eq(dagDocuments.app, app)).limit(1);
  if (!doc) return { app, documentVersion: 0, nodes: [], alerts: [], at: now.toISOString() };
  const rows = await db.select().from(dagNodeStates).where(eq(dagNodeStates.app, app));
  const rowOf = new Map(rows.map((r) => [r.key, r]));
  const states: DagStates = {};
  for (const node of doc.document.nodes) {
    const row = rowOf.get(node.key);
    states[node.key] = row && row.state.kind === node.kind ? row.state : initialNodeState(node);
  }
  const outputs = await outputProgress(db, app);
  const alerts = findAlerts(alertInputs(doc.document, states, outputs), now);
  const calls = await db.select().from(dagHookCalls).where(and(eq(dagHookCalls.app, app))).orderBy(desc(dagHookCalls.calledAt), desc(dagHookCalls.attempt));
  const lastCall = new Map<string, (typeof calls)[number]>();
  for (const call of calls) if (!lastCall.has(call.nodeKey)) lastCall.set(call.nodeKey, call);

  const nodes = doc.document.nodes.map((node) => {
    const state = states[node.key]!;
    const row = rowOf.get(node.key);
    const fresh = !row || row.state.kind !== node.kind;
    const behaviour = nodeBehaviour(node.kind);
    const call = behaviour.callsHooks ? lastCall.get(node.key) : undefined;
    const output = behaviour.writesOutput ? outputs.get(node.key) : undefined;
    const delivered = output?.delivered ?? null;
    const pending = output?.pending ?? null;
    return {
      key: node.key,
      kind: node.kind,
      ...behaviour.shownVersions(node, state, output),
      phase: state.phase,
      waitingFor: state.waitingFor,
      attempts: state.attempts,
      // Rows written before hook URLs were masked may name one with its credentials.
      lastError: state.lastError ? { ...state.lastError, message: maskUrlCredentials(state.lastError.message) } : null,
      changedAt: fresh ? null : row.changedAt.toISOString(),
      setBy: fresh ? null : row.setByLabel,
      approvalRequestId: fresh ? null : row.approvalRequestId,
      hook: call
        ? {
            version: call.version,
            attempt: call.attempt,
            status: call.status,
            url: maskUrlCredentials(call.url),
            calledAt: call.calledAt.toISOString(),
            deadlineAt: call.deadlineAt.toISOString(),
            retryAt: call.retryable ? (call.retryAt?.toISOString() ?? null) : null,
            error: maskUrlCredentials(call.error),
          }
        : null,
      output:
        behaviour.writesOutput
          ? {
              delivered: delivered ? { versions: delivered.versions, at: delivered.at.toISOString(), releaseId: delivered.releaseId } : null,
              pending: pending ? { versions: pending.versions, attempts: pending.attempts, error: pending.error } : null,
            }
          : null,
      hold: state.hold ?? null,
      alerts: [...new Set(alerts.filter((a) => a.key === node.key).map((a) => a.kind))],
    };
  });
  return { app, documentVersion: doc.version, nodes, alerts, at: now.toISOString() };
}
