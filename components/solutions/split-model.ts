import type { Solution } from "@/server/contracts/solutions";

/**
 * The bucket editor's working copy of a split: for each bucket 0..bucketCount-1, the solutions
 * that claim it (none: a gap; several: an overlap). Assigning a range gives every bucket in it
 * exactly one owner (or none), so painting over an overlap resolves it.
 */
export type Owners = readonly (readonly string[])[];

export function ownersOf(bucketCount: number, solutions: readonly Pick<Solution, "name" | "buckets">[]): Owners {
  const owners: string[][] = Array.from({ length: bucketCount }, () => []);
  for (const { name, buckets } of solutions) {
    for (const bucket of buckets) owners[bucket]?.push(name);
  }
  return owners;
}

/** Buckets `from`..`to` (either order, inclusive) to `solution`; null leaves them to no solution. */
export function assignRange(owners: Owners, from: number, to: number, solution: string | null): Owners {
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return owners.map((current, bucket) => (bucket < lo || bucket > hi ? current : solution === null ? [] : [solution]));
}

export function assignBucketList(owners: Owners, buckets: readonly number[], solution: string | null): Owners {
  const chosen = new Set(buckets);
  return owners.map((current, bucket) => (chosen.has(bucket) ? (solution === null ? [] : [solution]) : current));
}

export function sameOwners(a: Owners, b: Owners): boolean {
  return a.length === b.length && a.every((names, i) => names.length === b[i]!.length && names.every((n, j) => n === b[i]![j]));
}

/** What a save sends: every solution's buckets, ascending. */
export function bucketsBySolution(owners: Owners, names: readonly string[]): Record<string, number[]> {
  const out: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  owners.forEach((claimants, bucket) => claimants.forEach((name) => out[name]?.push(bucket)));
  return out;
}

/** bucket -> its one owner; gaps and overlapping buckets are left out (what summarizeMove takes). */
export function singleOwners(owners: Owners): Map<number, string> {
  const map = new Map<number, string>();
  owners.forEach((claimants, bucket) => {
    if (claimants.length === 1) map.set(bucket, claimants[0]!);
  });
  return map;
}

export function splitProblems(owners: Owners): { gaps: number[]; overlaps: { bucket: number; solutions: string[] }[] } {
  const gaps: number[] = [];
  const overlaps: { bucket: number; solutions: string[] }[] = [];
  owners.forEach((claimants, bucket) => {
    if (claimants.length === 0) gaps.push(bucket);
    else if (claimants.length > 1) overlaps.push({ bucket, solutions: [...claimants] });
  });
  return { gaps, overlaps };
}

/** How many buckets each solution owns alone, plus the gap and overlap counts. */
export function bucketCounts(owners: Owners): { bySolution: Map<string, number>; gaps: number; overlaps: number } {
  const bySolution = new Map<string, number>();
  let gaps = 0;
  let overlaps = 0;
  for (const claimants of owners) {
    if (claimants.length === 0) gaps++;
    else if (claimants.length > 1) overlaps++;
    else bySolution.set(claimants[0]!, (bySolution.get(claimants[0]!) ?? 0) + 1);
  }
  return { bySolution, gaps, overlaps };
}
