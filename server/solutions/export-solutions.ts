import type { Db } from "@/db";
import type { SolutionsDocument } from "@/server/contracts/solutions";
import { exportSolutionsDocument } from "./export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";

/** The app's draft as the canonical solutions document: what a publish sends and an import takes back unchanged. */
export async function exportSolutions(db: Db, app: string): Promise<SolutionsDocument> {
  const draft = await getSolutionsDraft(db, app);
  return exportSolutionsDocument({ appName: draft.app.name, solutions: draft.solutions });
}
