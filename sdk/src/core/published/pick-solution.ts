/**
 * Which solution owns a bucket: the one rule by which the console's trials, the scoring runtime,
 * the SDK's pickSolution and the warmup file's sample requests pick a solution. A published
 * split gives every bucket at most one owner (read-solutions.ts refuses an overlap); undefined:
 * the bucket belongs to no solution.
 */
export function solutionOfBucket<S extends { buckets: readonly number[] }>(solutions: readonly S[], bucket: number): S | undefined {
  return solutions.find((s) => s.buckets.includes(bucket));
}
