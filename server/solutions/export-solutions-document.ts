import type { Solution, SolutionsDocument } from "@/server/contracts/solutions";

export interface ExportSolutionsDocumentOptions {
  appName: string;
  solutions: readonly Solution[];
}

/**
 * The document published to the config center, in canonical form so that equal solutions give
 * byte-equal `JSON.stringify(doc, null, 2)` and release diffs show only real changes: keys in the
 * order features, model, fg, buckets; feature names sorted (the database's JSON does not keep
 * their insertion order); buckets ascending; solutions in the given order.
 */
export function exportSolutionsDocument({ appName, solutions }: ExportSolutionsDocumentOptions): SolutionsDocument {
  return {
    app_name: appName,
    solutions: solutions.map((solution) => ({
      [solution.name]: {
        features: Object.fromEntries(Object.entries(solution.features).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        model: { name: solution.model.name, version: solution.model.version },
        fg: { class: solution.fg.class, version: solution.fg.version },
        buckets: [...solution.buckets].sort((a, b) => a - b),
      },
    })),
  };
}
