import { AppError } from "@/server/errors";
import type { DagEvent } from "./actions-and-events";
import { isNewer } from "./compare-versions";
import { requireTransition, type DagNodeState } from "./node-state";

/**
 * The node's state after an event from outside the engine. Throws `conflict` for an event
 * that does not fit (a confirmation for an old version, a second confirmation, a data
 * version that is not newer...), leaving the caller's state untouched.
 */
export function applyEvent(state: DagNodeState, event: DagEvent): DagNodeState {
  const version = event.version;
  switch (event.type) {
    case "data_version_set": {
      requireTransition(state, "Setting a version", { kind: "data", phases: ["idle"] });
      if (!isNewer(version, state.online)) {
        throw new AppError("conflict", `${state.key} is already at ${state.online}; ${version} is not newer`, {
          key: state.key,
          online: state.online,
        });
      }
      return { ...state, online: version, ready: version, onlineSince: event.at };
    }
    case "hook_called": {
      // From failed only after a hook failure: nextSteps retries those while attempts last.
      const phases = state.lastError?.kind === "approval_rejected" ? (["hook_pending"] as const) : (["hook_pending", "failed"] as const);
      requireTransition(state, "A hook call", { kind: "trigger", phases, version });
      return { ...state, phase: "hook_called", attempts: state.attempts + 1 };
    }
    case "hook_accepted":
      requireTransition(state, "A hook answer", { kind: "trigger", phases: ["hook_called"], version });
      return { ...state, phase: "waiting_confirmation" };
    case "hook_confirmed":
      requireTransition(state, "A confirmation", { kind: "trigger", phases: ["hook_called", "waiting_confirmation"], version });
      return { ...state, phase: "confirmed", lastError: null };
    case "hook_failed":
      requireTransition(state, "A hook failure", { kind: "trigger", phases: ["hook_called", "waiting_confirmation"], version });
      return { ...state, phase: "failed", lastError: { kind: "hook_failed", message: event.error } };
    case "approval_granted":
      requireTransition(state, "An approval", { kind: "trigger", phases: ["waiting_approval"], version });
      return { ...state, phase: "confirmed", approved: true };
    case "approval_rejected":
      requireTransition(state, "A rejection", { kind: "trigger", phases: ["waiting_approval"], version });
      return { ...state, phase: "failed", lastError: { kind: "approval_rejected", message: event.reason } };
    case "retried":
      requireTransition(state, "A retry", { kind: "trigger", phases: ["failed"], version });
      // Back to idle with ready = online: the next settle advances it to the newest inputs.
      if (event.newestInputs) return { ...state, phase: "idle", ready: state.online, attempts: 0, approved: false, lastError: null };
      return { ...state, phase: "hook_pending", attempts: 0, approved: false, lastError: null };
  }
}
