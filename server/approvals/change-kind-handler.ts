import type { Db, Tx } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { ReleaseChange } from "@/server/contracts/releases";
import type { NewerRelease } from "@/server/contracts/approvals";
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
  /**
   * A release made after the request's base that it would undo (a publish replacing the
   * document, after another release changed it): approving is refused (409) and the page
   * shows the request as stale until the requester re-bases or withdraws it.
   */
  newerRelease?(db: Db | Tx, request: ChangeRequestDto): Promise<NewerRelease | null>;
  /** Rebuilds a pending request on the latest release (its diff again); its approvals are withdrawn. */
  rebase?(db: Db, opts: { actor: Actor; request: ChangeRequestDto; version: number }): Promise<ChangeRequestDto>;
  editChange?(db: Db, opts: { actor: Actor; request: ChangeRequestDto; version: number; comment: string; change: ReleaseChange }): Promise<ChangeRequestDto>;
}
