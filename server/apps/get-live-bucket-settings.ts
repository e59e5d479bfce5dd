import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { releases } from "@/db/schema";
import type { LiveBucketSettings } from "@/server/contracts/apps";
import { appBlockOf } from "@/server/releases/build-release-content";

/**
 * The bucket settings scoring services hold: the `app` block of the app's latest release (the
 * one later releases build on). Null before the first release, or for a release older than the
 * block. The app row's settings are the pending ones (server/releases/build-release-content.ts).
 */
export async function getLiveBucketSettings(db: Db | Tx, app: string): Promise<LiveBucketSettings | null> {
  const [row] = await db.select({ seq: releases.seq, document: releases.document }).from(releases).where(eq(releases.app, app)).orderBy(desc(releases.seq)).limit(1);
  const block = row ? appBlockOf(row.document) : null;
  return row && block ? { bucketCount: block.bucket_count, hashKey: block.hash_key, salt: block.salt, releaseSeq: row.seq } : null;
}
