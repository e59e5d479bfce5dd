/**
 * `"0-2, 5 7"` -> [0, 1, 2, 5, 7]: how people type bucket lists in the form and the range box.
 * Returns an error message instead when a part is not a bucket or a range.
 */
export function parseBucketText(text: string, bucketCount?: number): { buckets: number[] } | { error: string } {
  const buckets = new Set<number>();
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const match = /^(\d+)(?:\s*[-–]\s*(\d+))?$/.exec(part);
    if (!match) return { error: `"${part}" is not a bucket or a range like 3-4` };
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return { error: `In "${part}" the range runs backwards: write ${to}-${from}` };
    if (bucketCount !== undefined && to >= bucketCount) return { error: `Bucket ${to} does not exist: this app has buckets 0-${bucketCount - 1}` };
    if (to - from > 10_000) return { error: `"${part}" is more than 10,000 buckets` };
    for (let b = from; b <= to; b++) buckets.add(b);
  }
  return { buckets: [...buckets].sort((a, b) => a - b) };
}
