import type { DagDocument } from "@/server/contracts/dag";
import type { AlertInput } from "../graph/alerts";
import { initialNodeState, type DagStates } from "../graph/propagate";
import { nodeBehaviour } from "../node-kinds";
import type { OutputProgress } from "../outputs/output-progress";
import { outputHeadline } from "../outputs/output-versions";

/** The version a verification_failed alert is about: what the node wrote (else its release). */
function failedVersion(key: string, consumed: Record<string, string | null>, releaseId: string | undefined): string {
  const versions = Object.fromEntries(Object.entries(consumed).filter((e): e is [string, string] => e[1] !== null));
  return outputHeadline(key, versions) ?? releaseId ?? "unknown";
}

/**
 * What the alert rules measure for each node: the online version its kind shows and since
 * when (an output node has no version of its own: what it last delivered counts).
 */
export function alertInputs(dag: DagDocument, states: DagStates, outputs: Map<string, OutputProgress>): AlertInput[] {
  return dag.nodes.map((node) => {
    const limits = { key: node.key, staleAfterSeconds: node.staleAfterSeconds, expiresAfterSeconds: node.expiresAfterSeconds };
    const state = states[node.key] ?? initialNodeState(node);
    const { online, onlineSince } = nodeBehaviour(node.kind).shownVersions(node, state, outputs.get(node.key));
    const error = state.phase === "failed" && state.lastError?.kind === "verification_failed" ? state.lastError : null;
    const failure = error ? { version: failedVersion(node.key, state.consumed, error.releaseId), since: error.at ?? new Date(0).toISOString(), message: error.message } : null;
    return { ...limits, online, onlineSince, failure };
  });
}
