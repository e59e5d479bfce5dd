import type { DagNodePhase } from "@/server/contracts/dag";
import type { DagNodeStatus } from "@/server/contracts/dag-status";

export const PHASE_LABEL: Record<DagNodePhase, string> = {
  idle: "idle",
  waiting_predecessors: "waiting for predecessors",
  hook_pending: "calling hook",
  hook_called: "hook called",
  waiting_confirmation: "waiting for confirmation",
  confirmed: "confirmed",
  waiting_approval: "waiting for approval",
  failed: "failed",
};

export const PHASE_TONE: Record<DagNodePhase, "slate" | "indigo" | "green" | "amber" | "red"> = {
  idle: "slate",
  waiting_predecessors: "amber",
  hook_pending: "indigo",
  hook_called: "indigo",
  waiting_confirmation: "indigo",
  confirmed: "green",
  waiting_approval: "amber",
  failed: "red",
};

/** "3m ago", from an ISO time. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/**
 * What a failed node is waiting for, in words for the canvas: the engine's next automatic
 * attempt while a retryable hook failure still has attempts left, otherwise a person's retry
 * (a failed node ignores newer inputs until then). Null for a node that has not failed.
 */
export function failedNote(status: Pick<DagNodeStatus, "phase" | "ready" | "hook">): string | null {
  if (status.phase !== "failed") return null;
  const hook = status.hook;
  if (hook?.retryAt && hook.version === status.ready) {
    return `retrying automatically at ${new Date(hook.retryAt).toLocaleTimeString()}`;
  }
  return "waits for a retry from the console; newer inputs wait too";
}
