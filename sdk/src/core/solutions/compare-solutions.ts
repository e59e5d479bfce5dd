import type { Solution } from "./solution-types";
import { assignBuckets } from "./bucket-assignment";
import { diffSolutions, type SolutionsDiff } from "./diff-solutions";
import { exportSolutionsDocument } from "./export-solutions-document";
import { summarizeMove, type MoveSummary } from "./summarize-move";
import { validateSplit } from "./validate-split";

/** What compareSolutions answers (server/contracts/solution-drafts.ts: SolutionsComparisonSchema). */
export interface SolutionsComparison {
  diff: SolutionsDiff;
  /** null when either side's split has overlaps or buckets out of range. */
  moves: MoveSummary | null;
  orderChanged: boolean;
  changes: boolean;
}

/**
 * How `after` differs from `before` for an app of `bucketCount` buckets: field by field, which
 * buckets change solution, and whether the published document would change at all. Pure: the
 * import preview, the draft-vs-release view and the editor's conflict notice all use it.
 */
export function compareSolutions(bucketCount: number, before: readonly Solution[], after: readonly Solution[]): SolutionsComparison {
  const diff = diffSolutions(before, after);
  const document = (list: readonly Solution[]) => JSON.stringify(exportSolutionsDocument({ appName: "-", solutions: list }));
  return {
    diff,
    moves: movesBetween(bucketCount, before, after),
    orderChanged: orderOfCommon(before, after) !== orderOfCommon(after, before),
    changes: document(before) !== document(after),
  };
}

function movesBetween(bucketCount: number, before: readonly Solution[], after: readonly Solution[]) {
  const assignable = (list: readonly Solution[]) => {
    const check = validateSplit(bucketCount, list);
    return check.overlaps.length === 0 && check.outOfRange.length === 0;
  };
  if (!assignable(before) || !assignable(after)) return null;
  return summarizeMove({ bucketCount, before: assignBuckets(bucketCount, before), after: assignBuckets(bucketCount, after) });
}

/** The names of `list` that `other` has too, in `list`'s order. */
function orderOfCommon(list: readonly Solution[], other: readonly Solution[]): string {
  const names = new Set(other.map((s) => s.name));
  return JSON.stringify(list.filter((s) => names.has(s.name)).map((s) => s.name));
}
