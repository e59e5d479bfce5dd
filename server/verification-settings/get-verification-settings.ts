import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { verificationSettings } from "@/db/schema";
import { DEFAULT_VERIFICATION_SETTINGS, type VerificationSettings } from "@/server/contracts/verification";

/** An app's verification thresholds: the safe defaults (version 0) until an admin changes them. No app check. */
export async function getVerificationSettings(db: Db | Tx, app: string): Promise<VerificationSettings> {
  const [row] = await db.select().from(verificationSettings).where(eq(verificationSettings.app, app)).limit(1);
  if (!row) return { app, ...DEFAULT_VERIFICATION_SETTINGS, version: 0, updatedBy: null, updatedAt: null };
  return {
    app,
    maxFailedSamples: row.maxFailedSamples,
    // A `real` column: 0.05 reads back as 0.0500000007; six decimals is what was typed.
    missingFeatureWarnRate: Math.round(row.missingFeatureWarnRate * 1e6) / 1e6,
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}
