import type { Solution, SolutionsDocument } from "./solution-types";
import { publishedAppSettings, type PublishedAppSettings } from "./published-app-settings";

export interface ExportSolutionsDocumentOptions {
  appName: string;
  solutions: readonly Solution[];
  /**
   * The app's bucket settings: written as the `app` block, last (published-app-settings.ts).
   * What is exported and published carries them; comparisons of solutions alone leave them out.
   */
  app?: { bucketCount: number; hashKey: string; salt: string };
}

/** The solutions document, with the app's bucket settings when they were given. */
export type ExportedSolutionsDocument = SolutionsDocument & { app?: PublishedAppSettings };

/**
 * The document published to the config center, in canonical form so that equal solutions give
 * byte-equal `JSON.stringify(doc, null, 2)` and release diffs show only real changes: keys in the
 * order features, model, fg, buckets; feature names sorted (the database's JSON does not keep
 * their insertion order); buckets ascending; solutions in the given order; the `app` block last.
 */
export function exportSolutionsDocument({ appName, solutions, app }: ExportSolutionsDocumentOptions): ExportedSolutionsDocument {
  const document: ExportedSolutionsDocument = {
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
  if (app) document.app = publishedAppSettings(app);
  return document;
}
