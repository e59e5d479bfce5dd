import { createHash } from "node:crypto";
import type { Db, Tx } from "@/db";
import { listSampleRequests } from "@/server/samples/list-sample-requests";
import { getVerificationSettings } from "@/server/verification-settings/get-verification-settings";

export interface SampleRow {
  id: string;
  name: string;
  origin: Record<string, unknown>;
}

/** An app's sample requests, oldest first: the order they are scored in (the hash sorts by id). */
export async function readSampleSet(db: Db | Tx, app: string): Promise<SampleRow[]> {
  return (await listSampleRequests(db, app)).map(({ id, name, origin }) => ({ id, name, origin }));
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
  const { maxFailedSamples, missingFeatureWarnRate, version } = await getVerificationSettings(db, app);
  return { maxFailedSamples, missingFeatureWarnRate, version };
}
