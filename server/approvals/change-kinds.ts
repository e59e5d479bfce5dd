import type { Tx } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { ChangeRequestDto } from "./change-request-dto";

export type { ChangeRequestDto } from "./change-request-dto";

/** How a kind of change request ("publish", a DAG promotion…) is applied. */
export interface ChangeKindHandler {
  /** Runs in the approving transaction once the request has all the approvals it needs. */
  onApproved(tx: Tx, request: ChangeRequestDto, actor: Actor): Promise<void | { outcome?: unknown }>;
  onRejected?(tx: Tx, request: ChangeRequestDto, actor: Actor): Promise<void>;
  /** Runs in the withdrawing transaction when the requester withdraws a pending request. */
  onWithdrawn?(tx: Tx, request: ChangeRequestDto, actor: Actor): Promise<void>;
}

// Next.js may load this module in several bundles of one process (instrumentation, each
// route): the registry lives on globalThis so a kind registered in one is seen by all.
const globalForKinds = globalThis as unknown as { __scoringChangeKinds?: Map<string, ChangeKindHandler> };
const kinds = (globalForKinds.__scoringChangeKinds ??= new Map());

/** Other features plug their own request kinds in; registering a kind again replaces its handler. */
export function registerChangeKind(kind: string, handler: ChangeKindHandler): void {
  kinds.set(kind, handler);
}

export function changeKindHandler(kind: string): ChangeKindHandler | undefined {
  return kinds.get(kind);
}
