import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { releaseSettings } from "@/db/schema";
import type { ReleaseSettings } from "@/server/contracts/releases";

/** Publishing needs one approval unless an admin changed the app's settings. */
export const DEFAULT_RELEASE_SETTINGS = { requiresApproval: true, requiredApprovals: 1 } as const;

export async function getReleaseSettings(db: Db | Tx, app: string): Promise<ReleaseSettings> {
  const [row] = await db.select().from(releaseSettings).where(eq(releaseSettings.app, app)).limit(1);
  if (!row) return { app, ...DEFAULT_RELEASE_SETTINGS, version: 0, updatedBy: null, updatedAt: null };
  return {
    app,
    requiresApproval: row.requiresApproval,
    requiredApprovals: row.requiredApprovals,
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}
