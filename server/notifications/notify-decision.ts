import type { Tx } from "@/db";
import type { ChangeRequestDto } from "@/server/approvals/change-request-dto";
import { notify } from "./notify";

/** Tells the requester a reviewer decided their request (in the decision's transaction). */
export function notifyDecision(tx: Tx, opts: { request: ChangeRequestDto; decision: "approved" | "rejected"; by: string; reason?: string }): Promise<string | null> {
  const { request } = opts;
  const message =
    opts.decision === "approved"
      ? `Your change request "${request.title}" was approved by ${opts.by}.`
      : `Your change request "${request.title}" was rejected by ${opts.by}: ${opts.reason ?? ""}`.trim();
  return notify(tx, { person: request.requestedById, app: request.app, kind: opts.decision, message, changeRequestId: request.id });
}
