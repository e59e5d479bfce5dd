import type { recentTrials } from "@/db/schema";
import type { RecentTrial } from "@/server/contracts/verification";

export function toRecentTrialDto(row: typeof recentTrials.$inferSelect): RecentTrial {
  return { id: String(row.id), app: row.app, origin: row.origin, by: row.by, at: row.at.toISOString() };
}
