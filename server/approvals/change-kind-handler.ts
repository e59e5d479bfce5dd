import type { Db, Tx } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { ReleaseChange } from "@/server/contracts/releases";
import type { NewerRelease } from "@/server/contracts/approvals";
import type { ReleaseContent } from "@/server/contracts/releases";
import type { VerificationOverride } from "@/server/contracts/verification";
import type { ChangeRequestDto } from "./change-request-dto";
import { logError } from "@/server/log/loggable-error";

/**
 * What a handler asks to happen once its transaction has committed (wake the DAG engines, the
 * outbox dispatcher): a handler never schedules work from inside the transaction, which may
 * still roll back, and other processes would not see its rows before the commit anyway.
 * approve/reject/withdraw run these after the commit, in order; their failures are logged,
 * not thrown (the decision is already committed).
 */
export interface ChangeKindEffects {
  afterCommit?: ReadonlyArray<() => void>;
}

/** What approving passed through the verification gate (verification-gate.ts): the report, an admin's override. */
export interface ApprovalContext {
  verification?: { reportId: string | null; override: VerificationOverride | null };
}

/** The release a request would make if approved now, as verification checks it (docs/verification.md). */
export interface ReleaseCandidate {
  content: ReleaseContent;
  baseReleaseId: string | null;
}

/** How a kind of change request (server/contracts/change-kinds.ts) is applied, undone and edited. */
export interface ChangeKindHandler {
  /** Runs in the approving transaction once the request has all the approvals it needs. */
  onApproved(tx: Tx, request: ChangeRequestDto, actor: Actor, context?: ApprovalContext): Promise<void | (ChangeKindEffects & { outcome?: unknown })>;
  /**
   * A kind that makes a release: the candidate it would release now. Such a request is verified
   * after each create/edit/re-base, and approving it takes a passed report (verification-gate.ts).
   */
  candidate?(db: Db | Tx, request: ChangeRequestDto): Promise<ReleaseCandidate>;
  onRejected?(tx: Tx, request: ChangeRequestDto, actor: Actor): Promise<void | ChangeKindEffects>;
  /** Runs in the withdrawing transaction when the requester withdraws a pending request. */
  onWithdrawn?(tx: Tx, request: ChangeRequestDto, actor: Actor): Promise<void | ChangeKindEffects>;
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

/** Runs a handler's after-commit effects (call it once the transaction has committed). */
export function runAfterCommit(effects: void | ChangeKindEffects | undefined): void {
  for (const effect of effects?.afterCommit ?? []) {
    try {
      effect();
    } catch (e) {
      logError("A change request's after-commit effect failed (the decision is committed):", e);
    }
  }
}
