import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { releases } from "@/db/schema";
import type { ReleaseContent } from "@/server/contracts/releases";

export type { ReleaseContent } from "@/server/contracts/releases";

/**
 * The content of the app's latest release (whatever its delivery state: later releases build
 * on it), or null before the first release.
 */
export async function getLatestContent(db: Db | Tx, app: string): Promise<(ReleaseContent & { releaseId: string; seq: number }) | null> {
  const [row] = await db
    .select({ id: releases.id, seq: releases.seq, document: releases.document, versions: releases.versions })
    .from(releases)
    .where(eq(releases.app, app))
    .orderBy(desc(releases.seq))
    .limit(1);
  return row ? { document: row.document, versions: row.versions, releaseId: row.id, seq: row.seq } : null;
}
