import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { changeRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { isWaitingFor } from "./can-decide";
import { withApprovals } from "./load-change-request";

/** How many pending requests wait for the caller: the count in the navigation. */
export async function countWaiting(db: Db, actor: Actor): Promise<{ waiting: number }> {
  const rows = await db.select().from(changeRequests).where(eq(changeRequests.state, "pending")).limit(1000);
  const requests = await withApprovals(db, rows);
  return { waiting: requests.filter((request) => isWaitingFor(actor, request)).length };
}
