import { eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { changeRequests, releases } from "@/db/schema";
import type { NotificationKind } from "@/server/contracts/notifications";
import { notify } from "./notify";

/**
 * Tells whoever asked for a release how its delivery went: the requester of the change request
 * that made it, or (a release made without review) its author.
 */
export async function notifyRelease(tx: Tx, opts: { releaseId: string; kind: NotificationKind; reason?: string }): Promise<string | null> {
  const [release] = await tx
    .select({ id: releases.id, app: releases.app, seq: releases.seq, authorId: releases.authorId, changeRequestId: releases.changeRequestId, requester: changeRequests.requestedById })
    .from(releases)
    .leftJoin(changeRequests, eq(changeRequests.id, releases.changeRequestId))
    .where(eq(releases.id, opts.releaseId))
    .limit(1);
  if (!release) return null;
  const what = `Release #${release.seq} of ${release.app}`;
  const message =
    opts.kind === "delivered"
      ? `${what} was delivered to the config center.`
      : opts.kind === "verification_failed"
        ? `${what} was not delivered. ${opts.reason ?? ""}`
        : `${what} was not delivered: ${opts.reason ?? ""}`;
  return notify(tx, {
    person: release.requester ?? release.authorId,
    app: release.app,
    kind: opts.kind,
    message: message.trim(),
    changeRequestId: release.changeRequestId,
    releaseId: release.id,
  });
}
