import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { changeRequests } from "@/db/schema";
import { conflict } from "@/server/errors";
import { PUBLISH_KIND, readPublishPayload } from "./publish-payload";

/**
 * Refuses (409, naming the first) a second pending request of the app with the same base and
 * the same resulting content, whether a publish, a rollback or a machine's publish: approving
 * both would make two identical releases (a double click, two tabs). The caller holds the
 * app's row lock, so two such requests cannot both pass.
 */
export async function assertNoDuplicateRequest(
  db: Db | Tx,
  opts: { app: string; baseReleaseId: string | null; contentHash: string; exceptId?: string },
): Promise<void> {
  const pending = await db
    .select({ id: changeRequests.id, title: changeRequests.title, payload: changeRequests.payload })
    .from(changeRequests)
    .where(and(eq(changeRequests.app, opts.app), eq(changeRequests.kind, PUBLISH_KIND), eq(changeRequests.state, "pending")))
    .orderBy(asc(changeRequests.createdAt));
  const first = pending.find((row) => {
    if (row.id === opts.exceptId) return false;
    const payload = readPublishPayload(row.payload);
    return payload.baseReleaseId === opts.baseReleaseId && payload.contentHash === opts.contentHash;
  });
  if (first) {
    throw conflict(`The same change is already waiting for review: "${first.title}". Open that request instead of asking twice.`, {
      changeRequestId: first.id,
      title: first.title,
    });
  }
}
