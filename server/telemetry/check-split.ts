import { sampleRatioMismatch, type SrmResult } from "@/sdk/src/core/telemetry/chi-square";
import type { Solution } from "@/sdk/src/core/published/types";

export interface SplitCheck {
  /** solution -> the share its buckets give it, and the share of requests it got. */
  shares: Map<string, { configured: number; observed: number | null }>;
  solutions: SrmResult<string>;
  buckets: SrmResult<number>;
}

/**
 * The sample-ratio-mismatch check of one release: non-forced requests per bucket against the
 * split its document configures, over solutions and over buckets (sdk/src/core/telemetry/chi-square.ts).
 * Requests counted in a bucket the document does not have (a reporter on other settings) are left out.
 */
export function checkSplit(solutions: readonly Solution[], bucketCount: number, requestsByBucket: ReadonlyMap<number, number>): SplitCheck {
  const owner = new Map<number, string>();
  for (const s of solutions) for (const b of s.buckets) if (b < bucketCount) owner.set(b, s.name);
  const perSolution = new Map<string, number>(solutions.map((s) => [s.name, 0]));
  let total = 0;
  for (const [bucket, n] of requestsByBucket) {
    const name = owner.get(bucket);
    if (name === undefined) continue;
    perSolution.set(name, (perSolution.get(name) ?? 0) + n);
    total += n;
  }
  const shares = new Map(
    solutions.map((s) => [s.name, { configured: s.buckets.filter((b) => b < bucketCount).length / bucketCount, observed: total > 0 ? (perSolution.get(s.name) ?? 0) / total : null }]),
  );
  return {
    shares,
    solutions: sampleRatioMismatch(solutions.map((s) => ({ key: s.name, observed: perSolution.get(s.name) ?? 0, share: shares.get(s.name)!.configured }))),
    buckets: sampleRatioMismatch([...owner.keys()].sort((a, b) => a - b).map((b) => ({ key: b, observed: requestsByBucket.get(b) ?? 0, share: 1 / bucketCount }))),
  };
}
