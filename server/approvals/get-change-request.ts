import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import type { ChangeRequestListItem } from "@/server/contracts/approvals";
import { isWaitingFor } from "./can-decide";
import { loadChangeRequest } from "./load-change-request";
import { withNewerRelease } from "./with-newer-release";
import { withVerification } from "./with-verification";

export async function getChangeRequest(db: Db, opts: { actor: Actor; id: string }): Promise<ChangeRequestListItem> {
  const { request } = await loadChangeRequest(db, opts.id);
  const [item] = await withVerification(db, await withNewerRelease(db, [{ ...request, waitingForMe: isWaitingFor(opts.actor, request) }]));
  return item!;
}
