import type { DagDocument, DagNode } from "@/server/contracts/dag";
import { AppError } from "@/server/errors";
import type { CallHookAction, DagAction, DagEvent, StateAction } from "./actions-and-events";
import { applyAction } from "./apply-action";
import { indexDag, neighbours, type DagIndex } from "@/sdk/src/core/dag/index-dag";
import { nodeBehaviour } from "../node-kinds";
import { isNewer } from "./compare-versions";
import { initialNodeState, type DagNodeState } from "./node-state";
import { topologicalOrder } from "@/sdk/src/core/dag/topological-order";
import { validateDag } from "./validate-dag";

export type { CallHookAction, DagAction, DagEvent, StateAction } from "./actions-and-events";
export { applyAction } from "./apply-action";
export { applyEvent } from "./apply-event";
export { initialNodeState } from "./node-state";

/** Node states by key; a node without an entry is treated as never moved. */
export type DagStates = Record<string, DagNodeState>;

/**
 * What the engine must do next, for every node, from one consistent snapshot of the states
 * (rules in README.md beside this file). Pure: the engine carries the actions out, applies
 * them (applyAction / the hook_called event) and asks again until nothing is left; `settle`
 * does that loop for the state-only part.
 */
export function nextSteps(dag: DagDocument, states: DagStates): DagAction[] {
  const problems = validateDag(dag);
  if (problems.length > 0) throw new AppError("unprocessable", "The DAG is not valid", { problems });
  const index = indexDag(dag);
  const actions: DagAction[] = [];
  for (const node of topologicalOrder(dag)) {
    const action = stepOf(node, stateOf(states, node), predecessorStates(index, states, node));
    if (action) actions.push(action);
  }
  return actions;
}

const stateOf = (states: DagStates, node: DagNode): DagNodeState => states[node.key] ?? initialNodeState(node);

function predecessorStates(index: DagIndex<DagNode>, states: DagStates, node: DagNode): DagNodeState[] {
  return neighbours(index.predecessors, node.id).map((id) => stateOf(states, index.byId.get(id)!));
}

function stepOf(node: DagNode, state: DagNodeState, predecessors: DagNodeState[]): DagAction | null {
  const onInputsMoved = nodeBehaviour(node.kind).onInputsMoved;
  if (!onInputsMoved || predecessors.length === 0) return null;
  // A rollback holds this output node at the rolled-back versions: nothing moves it (not even
  // to show what it waits for) until a person resumes it (server/dag/nodes/resume-node.ts).
  if (state.hold) return null;
  const inputs = readInputs(state, predecessors);
  switch (state.phase) {
    // A failed trigger holds its failed version until a person retries it from the console
    // (issue 7): newer inputs wait, so nobody loses sight of the failure. Only a retryable
    // hook failure is called again by itself, while its attempts last.
    case "failed":
      return retryOf(node, state);
    case "idle":
    case "waiting_predecessors":
      if (inputs.settled && inputs.moved) return onInputsMoved(node, state, inputs.online);
      return sameList(inputs.waitingFor, state.waitingFor) && state.phase === phaseFor(inputs.waitingFor)
        ? null
        : { type: "set_waiting", node: node.key, waitingFor: inputs.waitingFor };
    case "hook_pending":
      return { type: "call_hook", node: node.key, version: state.ready!, attempt: state.attempts + 1 };
    case "confirmed":
      return node.trigger?.requiresApproval && !state.approved
        ? { type: "request_approval", node: node.key, version: state.ready! }
        : { type: "promote", node: node.key, version: state.ready! };
    case "hook_called":
    case "waiting_confirmation":
    case "waiting_approval":
      return null;
  }
}

interface Inputs {
  /** No predecessor is moving (ready > online) and each has an online version. */
  settled: boolean;
  /** Some predecessor's online version differs from what the node last consumed. */
  moved: boolean;
  online: Record<string, string>;
  waitingFor: string[];
}

function readInputs(state: DagNodeState, predecessors: DagNodeState[]): Inputs {
  const moving = predecessors.filter((p) => isNewer(p.ready, p.online)).map((p) => p.key);
  const missing = predecessors.filter((p) => p.online === null).map((p) => p.key);
  const moved = predecessors.some((p) => p.online !== null && p.online !== state.consumed[p.key]);
  const online: Record<string, string> = {};
  for (const p of predecessors) if (p.online !== null) online[p.key] = p.online;
  // A node waits on a moving input even with nothing new yet: its next version depends on it.
  // A never-set input only holds it back once something else has moved.
  const waitingFor = [...new Set([...moving, ...(moved ? missing : [])])].sort();
  return { settled: moving.length === 0 && missing.length === 0, moved, online, waitingFor };
}

/**
 * The event of a person retrying a failed trigger node. When its inputs have moved on (and
 * settled) since the failed version, the retry goes to the newest inputs instead: calling the
 * hook again for a version already superseded would only delay the one that matters, and a
 * version that can never pass (a bad file, a rejected promotion) would hold the node for good.
 */
export function retryEventOf(dag: DagDocument, states: DagStates, key: string): DagEvent {
  const index = indexDag(dag);
  const node = index.nodes.find((n) => n.key === key);
  const state = states[key];
  if (!node || !state) throw new AppError("not_found", `No node ${key} in this DAG`, { key });
  const inputs = readInputs(state, predecessorStates(index, states, node));
  const newestInputs = inputs.settled && inputs.moved;
  return { type: "retried", version: state.ready ?? "", ...(newestInputs ? { newestInputs } : {}) };
}

/** A hook failure is retried while attempts last (1 + retries); a rejection never is. */
function retryOf(node: DagNode, state: DagNodeState): CallHookAction | null {
  const maxAttempts = 1 + (node.trigger?.retries ?? 0);
  if (state.lastError?.kind !== "hook_failed" || state.attempts >= maxAttempts || state.ready === null) return null;
  return { type: "call_hook", node: node.key, version: state.ready, attempt: state.attempts + 1 };
}

function phaseFor(waitingFor: string[]): DagNodeState["phase"] {
  return waitingFor.length > 0 ? "waiting_predecessors" : "idle";
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

export interface Settled {
  states: DagStates;
  /** State actions applied, in order; write_output ones still have to reach the config center. */
  applied: StateAction[];
  /** Hooks to call now; each one's hook_called event is applied when the request goes out. */
  hookCalls: CallHookAction[];
}

/**
 * Applies state actions until only outside work is left: the cascade that a new data
 * version or a promotion sets off (a chain moves several nodes in one go, output writes
 * included). The engine runs it in one transaction with its outbox rows. The result has a
 * state for every node of the DAG.
 */
export function settle(dag: DagDocument, states: DagStates, at: string): Settled {
  let current: DagStates = { ...states };
  for (const node of dag.nodes) current[node.key] ??= initialNodeState(node);
  const applied: StateAction[] = [];
  // Each round moves at least one node forward; more rounds than this means a rule loops.
  const maxRounds = dag.nodes.length * 8 + 8;
  for (let round = 0; round < maxRounds; round++) {
    const actions = nextSteps(dag, current);
    const stateActions = actions.filter((a): a is StateAction => a.type !== "call_hook");
    if (stateActions.length === 0) {
      return { states: current, applied, hookCalls: actions.filter((a): a is CallHookAction => a.type === "call_hook") };
    }
    current = { ...current };
    for (const action of stateActions) {
      current[action.node] = applyAction(current[action.node]!, action, at);
      applied.push(action);
    }
  }
  throw new AppError("internal", "DAG propagation did not settle", { applied: applied.slice(-10) });
}
