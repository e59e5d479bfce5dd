import type { Solution } from "./solution-types";

export type SolutionFieldChange =
  /** A feature added (before null), removed (after null) or given another template. */
  | { field: `features.${string}`; before: string | null; after: string | null }
  | { field: "model.name" | "model.version" | "fg.class" | "fg.version"; before: string; after: string }
  | { field: "buckets"; before: number[]; after: number[]; added: number[]; removed: number[] };

export interface SolutionsDiff {
  /** In the order of `after`. */
  added: Solution[];
  /** In the order of `before`. */
  removed: Solution[];
  /** In the order of `after`; fields in the order features (by name), model, fg, buckets. */
  changed: { name: string; changes: SolutionFieldChange[] }[];
  unchanged: string[];
}

/**
 * What turning `before` into `after` changes, solution by solution (matched by name): the
 * preview of an import and the draft-vs-published view. Buckets compare as sets, so order alone
 * is no change; the order of solutions in the list is not compared.
 */
export function diffSolutions(before: readonly Solution[], after: readonly Solution[]): SolutionsDiff {
  const beforeByName = new Map(before.map((solution) => [solution.name, solution]));
  const afterNames = new Set(after.map((solution) => solution.name));
  const diff: SolutionsDiff = { added: [], removed: before.filter((s) => !afterNames.has(s.name)), changed: [], unchanged: [] };
  for (const solution of after) {
    const old = beforeByName.get(solution.name);
    if (!old) {
      diff.added.push(solution);
      continue;
    }
    const changes = diffFields(old, solution);
    if (changes.length > 0) diff.changed.push({ name: solution.name, changes });
    else diff.unchanged.push(solution.name);
  }
  return diff;
}

function diffFields(before: Solution, after: Solution): SolutionFieldChange[] {
  const changes: SolutionFieldChange[] = [];
  const features = [...new Set([...Object.keys(before.features), ...Object.keys(after.features)])].sort();
  for (const feature of features) {
    const old = before.features[feature] ?? null;
    const next = after.features[feature] ?? null;
    if (old !== next) changes.push({ field: `features.${feature}`, before: old, after: next });
  }
  const scalars = [
    ["model.name", before.model.name, after.model.name],
    ["model.version", before.model.version, after.model.version],
    ["fg.class", before.fg.class, after.fg.class],
    ["fg.version", before.fg.version, after.fg.version],
  ] as const;
  for (const [field, old, next] of scalars) if (old !== next) changes.push({ field, before: old, after: next });

  const oldBuckets = new Set(before.buckets);
  const newBuckets = new Set(after.buckets);
  const added = [...newBuckets].filter((b) => !oldBuckets.has(b)).sort((a, b) => a - b);
  const removed = [...oldBuckets].filter((b) => !newBuckets.has(b)).sort((a, b) => a - b);
  if (added.length + removed.length > 0) {
    const ascending = (buckets: Set<number>) => [...buckets].sort((a, b) => a - b);
    changes.push({ field: "buckets", before: ascending(oldBuckets), after: ascending(newBuckets), added, removed });
  }
  return changes;
}
