import type { Db } from "@/db";
import { exportSolutionsDocument, type ExportedSolutionsDocument } from "@/sdk/src/core/solutions/export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";

/**
 * The app's draft as the canonical solutions document, with the app's bucket settings: what a
 * publish sends and an import takes back unchanged.
 */
export async function exportSolutions(db: Db, app: string): Promise<ExportedSolutionsDocument> {
  const draft = await getSolutionsDraft(db, app);
  return exportSolutionsDocument({ appName: draft.app.name, solutions: draft.solutions, app: draft.app });
}
