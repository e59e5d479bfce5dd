import { bucketOf } from "../bucketing";
import type { ContentDiff } from "../releases/release-diff";

/**
 * What a change of the published `app` block (bucket settings) does to traffic, in words a
 * reviewer reads before approving: the block decides every user's bucket, so a new salt or hash
 * key re-draws nearly everyone, and a new bucket count moves a share of them.
 */
export interface AppBlockChange {
  setting: "bucket_count" | "hash_key" | "salt";
  before: unknown;
  after: unknown;
  /** What it does to traffic, in one sentence. */
  effect: string;
}

const PATH_PREFIX = "document.app.";
const SETTINGS = ["salt", "hash_key", "bucket_count"] as const;
const SAMPLE_KEYS = 10_000;

/** The bucket-setting changes in a release-content diff (docs/config-center.md), salt first. */
export function appBlockChanges(diff: ContentDiff): AppBlockChange[] {
  const byPath = new Map(diff.changes.map((c) => [c.path, c]));
  const salt = byPath.get(`${PATH_PREFIX}salt`);
  const out: AppBlockChange[] = [];
  for (const setting of SETTINGS) {
    const change = byPath.get(PATH_PREFIX + setting);
    // A block added where there was none (a release older than the block) changes nothing for services that guessed right.
    if (!change || change.kind !== "changed") continue;
    out.push({ setting, before: change.before, after: change.after, effect: effectOf(setting, change.before, change.after, salt?.after) });
  }
  return out;
}

function effectOf(setting: AppBlockChange["setting"], before: unknown, after: unknown, newSalt: unknown): string {
  if (setting === "salt") return "A new salt moves nearly every user to another bucket, so to another solution: every user's A/B assignment is drawn again.";
  if (setting === "hash_key") return "A new hash key moves nearly every user to another bucket, so to another solution: buckets are drawn from another field.";
  if (typeof before !== "number" || typeof after !== "number" || typeof newSalt === "string") {
    return "A new bucket count moves users between buckets; the split is made for the new count.";
  }
  return `Going from ${before} to ${after} buckets moves about ${percent(shareMovedByBucketCount(before, after))} of users to another bucket (a sample of ${SAMPLE_KEYS.toLocaleString("en-US")} keys); the split is made for ${after} buckets.`;
}

/**
 * The share of keys whose bucket number changes when the bucket count goes from `before` to
 * `after` under one salt, measured on a fixed sample with the bucketing of scoring services.
 * The share is the same for any salt up to sampling noise, so one salt is used.
 */
export function shareMovedByBucketCount(before: number, after: number, salt = "sample"): number {
  let moved = 0;
  for (let key = 0; key < SAMPLE_KEYS; key++) {
    if (bucketOf({ salt, keyValue: key, bucketCount: before }) !== bucketOf({ salt, keyValue: key, bucketCount: after })) moved++;
  }
  return moved / SAMPLE_KEYS;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
