import type { DagEvent, StateAction } from "../graph/propagate";

const list = (versions: Record<string, string | null>) =>
  Object.entries(versions)
    .map(([key, version]) => `${key} ${version ?? "—"}`)
    .join(", ");

/** The history line of a state action the engine applied. */
export function describeAction(action: StateAction): { type: string; version: string | null; message: string } {
  switch (action.type) {
    case "set_waiting":
      return {
        type: "waiting",
        version: null,
        message: action.waitingFor.length ? `Waiting for ${action.waitingFor.join(", ")}` : "No longer waiting",
      };
    case "advance_ready":
      return { type: "ready", version: action.version, message: `Ready version ${action.version} (from ${list(action.consumed)})` };
    case "request_approval":
      return { type: "approval_requested", version: action.version, message: `Waiting for a reviewer to approve ${action.version}` };
    case "promote":
      return { type: "promoted", version: action.version, message: `${action.version} is online` };
    case "write_output":
      return { type: "output_written", version: null, message: `Writing to the config center (inputs ${list(action.versions)})` };
  }
}

/** The history line of an outside event. */
export function describeEvent(event: DagEvent): { type: string; version: string | null; message: string } {
  switch (event.type) {
    case "data_version_set":
      return { type: event.type, version: event.version, message: `Version set to ${event.version}` };
    case "hook_called":
      return { type: event.type, version: event.version, message: `Hook called for ${event.version}` };
    case "hook_accepted":
      return { type: event.type, version: event.version, message: `The hook accepted the call for ${event.version}; waiting for its confirmation` };
    case "hook_confirmed":
      return { type: event.type, version: event.version, message: `The hook confirmed ${event.version}` };
    case "hook_failed":
      return { type: event.type, version: event.version, message: `Failed: ${event.error}` };
    case "approval_granted":
      return { type: event.type, version: event.version, message: `Promotion of ${event.version} approved` };
    case "approval_rejected":
      return { type: event.type, version: event.version, message: `Promotion of ${event.version} rejected: ${event.reason}` };
    case "retried":
      return { type: event.type, version: event.version, message: `Retried: the hook will be called again for ${event.version}` };
  }
}
