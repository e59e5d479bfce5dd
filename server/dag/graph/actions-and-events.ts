/**
 * What the engine is told to do (actions, from nextSteps) and what it reports back
 * (events, into applyEvent). Nodes are named by key, as in the published versions.
 */

export type DagAction =
  /** Show which predecessors hold the node back; an empty list returns it to idle. */
  | { type: "set_waiting"; node: string; waitingFor: string[] }
  /** Every input settled and one moved: the node's ready version moves up. */
  | { type: "advance_ready"; node: string; version: string; consumed: Record<string, string> }
  /** Call the trigger's hook for its ready version; `attempt` counts from 1 (retries included). */
  | { type: "call_hook"; node: string; version: string; attempt: number }
  /** The hook confirmed and the node requires approval: ask a reviewer. */
  | { type: "request_approval"; node: string; version: string }
  /** Confirmed (and approved when required): ready becomes online. */
  | { type: "promote"; node: string; version: string }
  /** Write the predecessors' online versions to the config center. */
  | { type: "write_output"; node: string; versions: Record<string, string> };

/** Actions whose state change applyAction makes. call_hook changes nothing until the hook_called event. */
export type StateAction = Exclude<DagAction, { type: "call_hook" }>;
export type CallHookAction = Extract<DagAction, { type: "call_hook" }>;

export type DagEvent =
  /** A data platform set a data node's version (times are ISO strings). */
  | { type: "data_version_set"; version: string; at: string }
  /** The engine sent the hook request for this ready version (one attempt). */
  | { type: "hook_called"; version: string }
  /** The hook answered the request with success and will call back. */
  | { type: "hook_accepted"; version: string }
  /** The outside confirmed the ready version (callback, or a synchronous hook answer). */
  | { type: "hook_confirmed"; version: string }
  /** The call failed, timed out, or the outside reported failure. */
  | { type: "hook_failed"; version: string; error: string }
  | { type: "approval_granted"; version: string }
  | { type: "approval_rejected"; version: string; reason: string }
  /**
   * A person restarts a failed node: its attempts start over. With `newestInputs` its inputs
   * moved on since the failed version, which is dropped for the newest (see retryEventOf).
   */
  | { type: "retried"; version: string; newestInputs?: boolean };
