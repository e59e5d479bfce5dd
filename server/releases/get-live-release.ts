import { and, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { releases } from "@/db/schema";

/**
 * "Live": the app's latest delivered release, what scoring services hold. Before any release
 * was delivered, the latest release (or null before the first one), so a preview still shows
 * what would change.
 */
export async function getLiveRelease(db: Db | Tx, app: string) {
  const [delivered] = await db
    .select()
    .from(releases)
    .where(and(eq(releases.app, app), eq(releases.deliveryState, "delivered")))
    .orderBy(desc(releases.seq))
    .limit(1);
  if (delivered) return delivered;
  const [latest] = await db.select().from(releases).where(eq(releases.app, app)).orderBy(desc(releases.seq)).limit(1);
  return latest ?? null;
}
