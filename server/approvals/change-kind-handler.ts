import type { Db, Tx } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { ReleaseChange } from "@/server/contracts/releases";
import type { ChangeRequestDto } from "./change-request-dto";

/** How a kind of change request (server/contracts/change-kinds.ts) is applied, undone and edited. */
export interface ChangeKindHandler {
  /** Runs in the approving transaction once the request has all the approvals it needs. */
  onApproved(tx: Tx, request: ChangeRequestDto, actor: Actor): Promise<void | { outcome?: unknown }>;
  onRejected?(tx: Tx, request: ChangeRequestDto, actor: Actor): Promise<void>;
  /** Runs in the withdrawing transaction when the requester withdraws a pending request. */
  onWithdrawn?(tx: Tx, request: ChangeRequestDto, actor: Actor): Promise<void>;
  /**
   * Replaces the change a pending request asks for (its approvals are withdrawn). A kind
   * without it takes a new comment only.
   */
  editChange?(db: Db, opts: { actor: Actor; request: ChangeRequestDto; version: number; comment: string; change: ReleaseChange }): Promise<ChangeRequestDto>;
}
