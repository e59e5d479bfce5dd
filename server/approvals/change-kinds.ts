import { isChangeRequestKind, type ChangeRequestKind } from "@/server/contracts/change-kinds";
import { dagChangeKind } from "@/server/dag/approvals/dag-change-kind";
import { dagPromotionChangeKind } from "@/server/dag/approvals/promotion-change-kind";
import { publishChangeKind } from "@/server/releases/publish-change-kind";
import type { ChangeKindHandler } from "./change-kind-handler";

export type { ChangeKindHandler } from "./change-kind-handler";
export type { ChangeRequestDto } from "./change-request-dto";

/**
 * How each kind of change request is applied on approval, undone on rejection or withdrawal,
 * and edited: the one list approve/reject/withdraw/edit look kinds up in. Kinds, their labels
 * and what the browser may edit are declared in server/contracts/change-kinds.ts; a kind
 * listed there and missing here does not type-check.
 */
const CHANGE_KINDS: { readonly [K in ChangeRequestKind]: ChangeKindHandler } = {
  publish: publishChangeKind,
  dag_promotion: dagPromotionChangeKind,
  dag_change: dagChangeKind,
};

/** Undefined for a kind this console does not know (nothing applies it: approving it is a 422). */
export function changeKindHandler(kind: string): ChangeKindHandler | undefined {
  return isChangeRequestKind(kind) ? CHANGE_KINDS[kind] : undefined;
}
