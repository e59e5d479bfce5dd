import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { changeRequests } from "@/db/schema";
import type { ChangeRequestKind } from "@/server/contracts/change-kinds";
import { conflict } from "@/server/errors";

/**
 * Refuses (409, naming the first) a second pending request of the app's `kind` whose payload is
 * `same` as the one being asked: approving both would do the same thing twice (a double click,
 * two tabs). The caller holds the lock that orders such requests, so two cannot both pass.
 */
export async function refuseDuplicateRequest(
  db: Db | Tx,
  opts: { app: string; kind: ChangeRequestKind; same: (payload: unknown) => boolean; exceptId?: string; what: string },
): Promise<void> {
  const pending = await db
    .select({ id: changeRequests.id, title: changeRequests.title, payload: changeRequests.payload })
    .from(changeRequests)
    .where(and(eq(changeRequests.app, opts.app), eq(changeRequests.kind, opts.kind), eq(changeRequests.state, "pending")))
    .orderBy(asc(changeRequests.createdAt));
  const first = pending.find((row) => row.id !== opts.exceptId && opts.same(row.payload));
  if (first) {
    throw conflict(`The same ${opts.what} is already waiting for review: "${first.title}". Open that request instead of asking twice.`, {
      changeRequestId: first.id,
      title: first.title,
    });
  }
}
