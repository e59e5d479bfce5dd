import { AppError } from "@/server/errors";
import type { StateAction } from "./actions-and-events";
import { isNewer } from "./compare-versions";
import { requireTransition, type DagNodeState } from "./node-state";

/**
 * The node's state after the engine carried out an action from nextSteps (`at`: ISO time).
 * Throws `conflict` when the node moved since the action was computed, so an engine that
 * applies a stale action inside its transaction rolls back instead of corrupting the node.
 */
export function applyAction(state: DagNodeState, action: StateAction, at: string): DagNodeState {
  switch (action.type) {
    case "set_waiting":
      requireTransition(state, "Waiting", { kind: state.kind, phases: ["idle", "waiting_predecessors"] });
      return {
        ...state,
        phase: action.waitingFor.length > 0 ? "waiting_predecessors" : "idle",
        waitingFor: action.waitingFor,
      };
    case "advance_ready":
      // Not from failed: a failed node waits for a person's retry before it moves on.
      requireTransition(state, "Advancing", { kind: "trigger", phases: ["idle", "waiting_predecessors"] });
      if (!isNewer(action.version, state.online)) {
        throw new AppError("conflict", `${state.key} is online at ${state.online}; ready ${action.version} is not newer`, {
          key: state.key,
        });
      }
      return {
        ...state,
        ready: action.version,
        consumed: action.consumed,
        phase: "hook_pending",
        waitingFor: [],
        attempts: 0,
        approved: false,
        lastError: null,
      };
    case "request_approval":
      requireTransition(state, "An approval request", { kind: "trigger", phases: ["confirmed"], version: action.version });
      return { ...state, phase: "waiting_approval" };
    case "promote":
      requireTransition(state, "A promotion", { kind: "trigger", phases: ["confirmed"], version: action.version });
      return { ...state, online: action.version, onlineSince: at, phase: "idle", attempts: 0, approved: false };
    case "write_output":
      requireTransition(state, "Writing versions", { kind: "output", phases: ["idle", "waiting_predecessors"] });
      return { ...state, consumed: action.versions, phase: "idle", waitingFor: [] };
  }
}
