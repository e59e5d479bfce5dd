import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { recentTrials } from "@/db/schema";
import { getApp } from "@/server/apps/get-app";
import type { RecentTrialList } from "@/server/contracts/samples";
import { RECENT_TRIALS_KEPT } from "@/server/contracts/verification";
import { toRecentTrialDto } from "./recent-trial-dto";

/** An app's recent trial requests, newest first (404 for an unknown app). */
export async function listRecentTrials(db: Db, app: string): Promise<RecentTrialList> {
  await getApp(db, app);
  const rows = await db.select().from(recentTrials).where(eq(recentTrials.app, app)).orderBy(desc(recentTrials.id)).limit(RECENT_TRIALS_KEPT);
  return { trials: rows.map(toRecentTrialDto) };
}
