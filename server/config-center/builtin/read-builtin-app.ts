import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { configCenterApps } from "@/db/schema";
import type { PublishedConfig } from "@/server/config-center/config-center";

/** What the built-in center serves for one app now, or null before its first release. */
export async function readBuiltinApp(db: Db, app: string): Promise<PublishedConfig | null> {
  const [row] = await db.select().from(configCenterApps).where(eq(configCenterApps.app, app));
  if (!row) return null;
  return { app: row.app, revision: row.revision, releaseId: row.releaseId, document: row.document, versions: row.versions };
}
