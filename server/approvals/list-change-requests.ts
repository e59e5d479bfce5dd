import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { changeRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { ListChangeRequestsQuerySchema, type ChangeRequestListItem, type ListChangeRequestsQuery } from "@/server/contracts/approvals";
import { isWaitingFor } from "./can-decide";
import { withApprovals } from "./load-change-request";
import { withNewerRelease } from "./with-newer-release";
import { withVerification } from "./with-verification";

/** Change requests, newest first, each saying whether it waits for the caller's decision. */
export async function listChangeRequests(db: Db, opts: { actor: Actor; query: ListChangeRequestsQuery }): Promise<ChangeRequestListItem[]> {
  const q = ListChangeRequestsQuerySchema.parse(opts.query);
  const where: SQL[] = [];
  if (q.state !== "all") where.push(eq(changeRequests.state, q.state));
  if (q.app) where.push(eq(changeRequests.app, q.app));
  if (q.kind) where.push(eq(changeRequests.kind, q.kind));
  const rows = await db
    .select()
    .from(changeRequests)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(changeRequests.createdAt))
    .limit(q.waiting ? 1000 : q.limit);
  const items = (await withApprovals(db, rows)).map((request) => ({ ...request, waitingForMe: isWaitingFor(opts.actor, request) }));
  return withVerification(db, await withNewerRelease(db, (q.waiting ? items.filter((item) => item.waitingForMe) : items).slice(0, q.limit)));
}
