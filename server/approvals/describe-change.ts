import type { ChangeSummary } from "@/server/contracts/change-summary";
import type { ReleaseContent } from "@/server/contracts/releases";
import type { Solution } from "@/server/contracts/solutions";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { bucketOf } from "@/sdk/src/core/bucketing";
import { describeBuckets } from "@/sdk/src/core/solutions/bucket-ranges";
import { compareSolutions } from "@/sdk/src/core/solutions/compare-solutions";

/** How a document buckets users; a document without its `app` block buckets with the app's settings. */
export interface BucketSettings {
  bucketCount: number;
  hashKey: string;
  salt: string;
}

export interface DescribeChangeInput {
  /** Live: the app's latest delivered release; null before its first release. */
  before: ReleaseContent | null;
  /** The candidate: what approving would release now. */
  after: ReleaseContent;
  /** The app's settings, for a document published without an `app` block. */
  appSettings: BucketSettings;
}

/** Keys sampled to measure how many users change solution when the bucket count changes. */
const SAMPLE_KEYS = 10_000;

/**
 * What a release candidate does to live, in a reviewer's words: traffic per solution before →
 * after, the buckets that move (the same summarizeMove the bucket editor shows before a save),
 * the share of users whose solution changes, model/fg/template changes per solution, version
 * keys. Pure; throws the parser's AppError for a document that is not a solutions document.
 */
export function describeChange({ before, after, appSettings }: DescribeChangeInput): Omit<ChangeSummary, "live"> {
  const old = before ? readDocument(before.document, appSettings) : { solutions: [], settings: appSettings };
  const next = readDocument(after.document, appSettings);

  const settings = (["salt", "hash_key", "bucket_count"] as const).flatMap((setting) => {
    const key = ({ salt: "salt", hash_key: "hashKey", bucket_count: "bucketCount" } as const)[setting];
    // Before the first release nothing buckets users yet: no setting "changes".
    if (!before || old.settings[key] === next.settings[key]) return [];
    return [{ setting, before: old.settings[key], after: next.settings[key] }];
  });

  const sameCount = old.settings.bucketCount === next.settings.bucketCount;
  const comparison = compareSolutions(next.settings.bucketCount, sameCount ? old.solutions : [], next.solutions);
  const moves =
    before && sameCount && comparison.moves
      ? comparison.moves.moves.map((move) => ({
          ...move,
          text: `${move.from ?? "no solution"} → ${move.to ?? "no solution"}: ${describeBuckets(move.buckets)}, ${percent(move.share)} of traffic`,
        }))
      : [];

  const traffic = trafficShares(old, next, Boolean(before));
  const usersMoving = before ? usersWhoMove(old, next, comparison.moves?.movedShare ?? null) : { share: 0, text: "The app's first release: every user starts on the split above." };
  const solutions = solutionLines(old.solutions, next.solutions, before?.versions ?? {}, after.versions, next.settings.bucketCount);
  const versions = versionChanges(before?.versions ?? {}, after.versions);
  const nothingChanges =
    Boolean(before) && settings.length === 0 && moves.length === 0 && solutions.length === 0 && versions.length === 0 && !comparison.changes && sameSolutions(old, next);
  return { traffic, moves, usersMoving, settings, solutions, versions, nothingChanges };
}

interface ReadDocument {
  solutions: Solution[];
  settings: BucketSettings;
}

function readDocument(document: unknown, appSettings: BucketSettings): ReadDocument {
  const parsed = parseSolutionsDocument(document);
  const s = parsed.settings;
  return { solutions: parsed.solutions, settings: s ? { bucketCount: s.bucket_count, hashKey: s.hash_key, salt: s.salt } : appSettings };
}

function sameSolutions(a: ReadDocument, b: ReadDocument): boolean {
  return JSON.stringify(a.solutions) === JSON.stringify(b.solutions);
}

function trafficShares(old: ReadDocument, next: ReadDocument, hasLive: boolean): ChangeSummary["traffic"] {
  const names = [...new Set([...next.solutions.map((s) => s.name), ...old.solutions.map((s) => s.name)])];
  const share = (doc: ReadDocument, name: string) => {
    const solution = doc.solutions.find((s) => s.name === name);
    return solution ? new Set(solution.buckets).size / doc.settings.bucketCount : null;
  };
  return names.map((solution) => ({ solution, before: hasLive ? share(old, solution) : null, after: share(next, solution) }));
}

/** bucket -> solution name, for a document's split. */
function ownerOf(doc: ReadDocument): Map<number, string> {
  const owners = new Map<number, string>();
  for (const solution of doc.solutions) for (const bucket of solution.buckets) owners.set(bucket, solution.name);
  return owners;
}

/**
 * The share of users whose solution changes. Same settings: exactly the buckets that move. A new
 * salt or hash key draws every user's bucket again, independently of the old one, so a user keeps
 * their solution only by chance: Σ share_before(s) × share_after(s). A new bucket count under the
 * same salt and key: measured on a fixed sample of keys with the scoring services' bucketing.
 */
function usersWhoMove(old: ReadDocument, next: ReadDocument, movedShare: number | null): ChangeSummary["usersMoving"] {
  const redrawn = old.settings.salt !== next.settings.salt ? "salt" : old.settings.hashKey !== next.settings.hashKey ? "hash key" : null;
  if (redrawn) {
    const before = ownerOf(old);
    const after = ownerOf(next);
    const arms = new Set([...before.values(), ...after.values()]);
    const shareOf = (owners: Map<number, string>, count: number, arm: string | null) => {
      let n = 0;
      for (let bucket = 0; bucket < count; bucket++) if ((owners.get(bucket) ?? null) === arm) n++;
      return n / count;
    };
    let stay = 0;
    for (const arm of [...arms, null]) stay += shareOf(before, old.settings.bucketCount, arm) * shareOf(after, next.settings.bucketCount, arm);
    const share = 1 - stay;
    return {
      share,
      text: `A new ${redrawn} draws every user's bucket again: nearly every user moves to another bucket, and about ${percent(share)} of users land in another solution.`,
    };
  }
  if (old.settings.bucketCount !== next.settings.bucketCount) {
    const before = ownerOf(old);
    const after = ownerOf(next);
    let moved = 0;
    for (let key = 0; key < SAMPLE_KEYS; key++) {
      const from = before.get(bucketOf({ salt: old.settings.salt, keyValue: key, bucketCount: old.settings.bucketCount })) ?? null;
      const to = after.get(bucketOf({ salt: next.settings.salt, keyValue: key, bucketCount: next.settings.bucketCount })) ?? null;
      if (from !== to) moved++;
    }
    const share = moved / SAMPLE_KEYS;
    return {
      share,
      text: `The bucket count goes from ${old.settings.bucketCount} to ${next.settings.bucketCount}: about ${percent(share)} of users land in another solution (measured on ${SAMPLE_KEYS.toLocaleString("en-US")} sample keys).`,
    };
  }
  const share = movedShare ?? 0;
  return { share, text: share === 0 ? "No user changes solution." : `${percent(share)} of users change solution.` };
}

/** A model version as scoring resolves it: a version key of the release, or the version itself. */
function resolved(version: string, versions: Record<string, string>): string {
  return versions[version] ?? version;
}

/** `com.xxx.ranking.fg.LRFg` -> `LRFg`: the class name people say. */
function shortClass(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

function solutionLines(
  before: readonly Solution[],
  after: readonly Solution[],
  oldVersions: Record<string, string>,
  newVersions: Record<string, string>,
  bucketCount: number,
): ChangeSummary["solutions"] {
  const lines: ChangeSummary["solutions"] = [];
  const byName = new Map(before.map((s) => [s.name, s]));
  for (const solution of after) {
    const old = byName.get(solution.name);
    if (!old) {
      const share = new Set(solution.buckets).size / bucketCount;
      lines.push({
        solution: solution.name,
        text: `${solution.name}: new solution, model ${solution.model.name} ${resolved(solution.model.version, newVersions)}, fg ${shortClass(solution.fg.class)} ${solution.fg.version}${solution.buckets.length ? `, ${describeBuckets(solution.buckets)} (${percent(share)} of traffic)` : ", no buckets yet"}`,
      });
      continue;
    }
    const parts: string[] = [];
    const oldModel = resolved(old.model.version, oldVersions);
    const newModel = resolved(solution.model.version, newVersions);
    if (old.model.name !== solution.model.name) parts.push(`model ${old.model.name} ${oldModel} → ${solution.model.name} ${newModel}`);
    else if (oldModel !== newModel) parts.push(`model ${solution.model.name} ${oldModel} → ${newModel}`);
    if (old.fg.class !== solution.fg.class) parts.push(`fg ${shortClass(old.fg.class)} ${old.fg.version} → ${shortClass(solution.fg.class)} ${solution.fg.version}`);
    else if (old.fg.version !== solution.fg.version) parts.push(`fg ${shortClass(solution.fg.class)} ${old.fg.version} → ${solution.fg.version}`);
    for (const feature of [...new Set([...Object.keys(old.features), ...Object.keys(solution.features)])].sort()) {
      const was = old.features[feature];
      const is = solution.features[feature];
      if (was === is) continue;
      parts.push(`template ${feature} ${was === undefined ? "added" : is === undefined ? "removed" : "changed"}`);
    }
    if (parts.length) lines.push({ solution: solution.name, text: `${solution.name}: ${parts.join("; ")}` });
  }
  const names = new Set(after.map((s) => s.name));
  for (const old of before) if (!names.has(old.name)) lines.push({ solution: old.name, text: `${old.name}: removed` });
  return lines;
}

function versionChanges(before: Record<string, string>, after: Record<string, string>): ChangeSummary["versions"] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .sort()
    .filter((key) => before[key] !== after[key])
    .map((key) => ({ key, before: before[key] ?? null, after: after[key] ?? null }));
}

/** 0.2 -> "20%", 0.123 -> "12.3%", 0.0012 -> "0.12%". */
export function percent(share: number): string {
  const value = share * 100;
  return `${Number(value.toFixed(Math.abs(value) < 10 ? 2 : 1))}%`;
}
