/**
 * Every kind of change request, with what the browser needs to know about it (how the
 * Approvals list names it, whether the requester may replace what it asks for). How a kind is
 * applied, rejected, withdrawn and edited on the server: server/approvals/change-kinds.ts;
 * how its outcome and change editor look: components/approvals/change-kinds.tsx. A new kind
 * is one entry in each (the type checker asks for the other two once it is listed here).
 */

export interface ChangeKindSpec {
  /** The badge on its card in the Approvals list. */
  label: string;
  /** Whether the requester may replace the change it asks for, not only its comment. */
  changeEditable: (payload: unknown) => boolean;
}

export const CHANGE_KIND_SPECS = {
  /** A publish of the app's config (a release); a rollback is one that restores an older release. */
  publish: {
    label: "publish",
    // A rollback restores an older release's whole content: there is nothing to edit in it.
    changeEditable: (payload) => !(payload as { rollbackOf?: string | null } | null)?.rollbackOf,
  },
  /** A DAG trigger node's confirmed version waiting for a reviewer before it goes online. */
  dag_promotion: { label: "DAG promotion", changeEditable: () => false },
  /** A DAG save that weakens review (server/contracts/dag-change.ts), waiting for a reviewer. */
  dag_change: { label: "DAG change", changeEditable: () => false },
} as const satisfies Record<string, ChangeKindSpec>;

export type ChangeRequestKind = keyof typeof CHANGE_KIND_SPECS;
export const CHANGE_REQUEST_KINDS = Object.keys(CHANGE_KIND_SPECS) as ChangeRequestKind[];

export function isChangeRequestKind(kind: string): kind is ChangeRequestKind {
  return Object.hasOwn(CHANGE_KIND_SPECS, kind);
}

/** A kind this console does not know (stored by another version) is shown by its name and not edited. */
export function changeKindSpec(kind: string): ChangeKindSpec {
  return isChangeRequestKind(kind) ? CHANGE_KIND_SPECS[kind] : { label: kind, changeEditable: () => false };
}
