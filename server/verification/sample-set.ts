import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { sampleRequests, verificationSettings } from "@/db/schema";
import { DEFAULT_VERIFICATION_SETTINGS } from "@/server/contracts/verification";

export interface SampleRow {
  id: string;
  name: string;
  origin: Record<string, unknown>;
}

/** An app's sample requests in id order: the order they are scored and hashed in. */
export async function readSampleSet(db: Db | Tx, app: string): Promise<SampleRow[]> {
  return db
    .select({ id: sampleRequests.id, name: sampleRequests.name, origin: sampleRequests.origin })
    .from(sampleRequests)
    .where(eq(sampleRequests.app, app))
    .orderBy(asc(sampleRequests.id));
}

/** sha256 over the samples' ids and origins (as stored, key order kept) in id order. */
export function hashSampleSet(samples: readonly SampleRow[]): string {
  const h = createHash("sha256");
  for (const s of [...samples].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) h.update(`${s.id}\n${JSON.stringify(s.origin)}\n`);
  return h.digest("hex");
}

export interface Thresholds {
  maxFailedSamples: number;
  missingFeatureWarnRate: number;
  /** 0: the defaults, never changed. */
  version: number;
}

/** The app's verification thresholds, the defaults when it has none. */
export async function readThresholds(db: Db | Tx, app: string): Promise<Thresholds> {
  const [row] = await db
    .select({ maxFailedSamples: verificationSettings.maxFailedSamples, missingFeatureWarnRate: verificationSettings.missingFeatureWarnRate, version: verificationSettings.version })
    .from(verificationSettings)
    .where(eq(verificationSettings.app, app))
    .limit(1);
  return row ?? { ...DEFAULT_VERIFICATION_SETTINGS, version: 0 };
}
