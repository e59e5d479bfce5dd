import type { DagNodeKind, DagNodePhase, DagNodeState } from "@/server/contracts/dag";
import { AppError } from "@/server/errors";

export type { DagNodeState };

/** A node that has never moved: no versions, nothing consumed, idle. */
export function initialNodeState(node: { key: string; kind: DagNodeKind }): DagNodeState {
  return {
    key: node.key,
    kind: node.kind,
    online: null,
    ready: null,
    onlineSince: null,
    consumed: {},
    phase: "idle",
    waitingFor: [],
    attempts: 0,
    approved: false,
    lastError: null,
  };
}

/**
 * Refuses a transition that does not fit the node: wrong kind, wrong phase, or about a ready
 * version the node is no longer at (a late callback for an old version). Such a transition
 * is a 409: the caller acted on an outdated picture of the node.
 */
export function requireTransition(
  state: DagNodeState,
  what: string,
  rule: { kind: DagNodeKind; phases: readonly DagNodePhase[]; version?: string },
): void {
  const details = { key: state.key, kind: state.kind, phase: state.phase, ready: state.ready, online: state.online };
  if (state.kind !== rule.kind) {
    throw new AppError("conflict", `${what} applies to ${rule.kind} nodes; ${state.key} is a ${state.kind} node`, details);
  }
  if (rule.version !== undefined && rule.version !== state.ready) {
    throw new AppError(
      "conflict",
      `${what} is about version ${rule.version}, but ${state.key} is ready at ${state.ready ?? "no version"}`,
      details,
    );
  }
  if (!rule.phases.includes(state.phase)) {
    throw new AppError("conflict", `${what} does not fit: ${state.key} is ${state.phase.replace(/_/g, " ")}`, details);
  }
}
