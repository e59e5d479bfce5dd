/** Beyond this many ranges a message lists the first ones and a count, to stay readable. */
const MAX_RANGES = 20;

/** `[7, 3, 4]` -> `"3-4, 7"`: sorted, duplicates dropped, consecutive buckets as ranges. */
export function compressBucketRanges(buckets: Iterable<number>): string {
  const ranges: [number, number][] = [];
  for (const bucket of [...new Set(buckets)].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && bucket === last[1] + 1) last[1] = bucket;
    else ranges.push([bucket, bucket]);
  }
  const texts = ranges.map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`));
  if (texts.length <= MAX_RANGES) return texts.join(", ");
  return `${texts.slice(0, MAX_RANGES).join(", ")} and ${texts.length - MAX_RANGES} more ranges`;
}

/** `"bucket 7"` or `"buckets 3-4, 7"`. */
export function describeBuckets(buckets: readonly number[]): string {
  return `${new Set(buckets).size === 1 ? "bucket" : "buckets"} ${compressBucketRanges(buckets)}`;
}
