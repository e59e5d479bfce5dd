import type { Db } from "@/db";
import { diffContent } from "@/sdk/src/core/releases/release-diff";
import type { DraftComparison } from "@/server/contracts/solution-drafts";
import type { Solution } from "@/server/contracts/solutions";
import { isAppError } from "@/server/errors";
import { getLatestContent } from "@/server/releases/get-latest-content";
import { appBlockChanges } from "@/sdk/src/core/solutions/app-block-change";
import { compareSolutions } from "@/sdk/src/core/solutions/compare-solutions";
import { exportSolutionsDocument } from "@/sdk/src/core/solutions/export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";
import { parseSolutionsDocument } from "./parse-solutions-document";

/**
 * The app's draft against its last published release: solution by solution, the buckets that
 * would change solution, and the key-by-key diff of the content a publish would send (the same
 * diff reviewers see on the change request, with the app's bucket settings as a publish would
 * write them: pending bucket settings show up here, and are a change to publish). Before the first release the draft is compared with
 * an empty list.
 */
export async function compareDraftWithRelease(db: Db, app: string): Promise<DraftComparison> {
  const draft = await getSolutionsDraft(db, app);
  const latest = await getLatestContent(db, app);
  const published = latest ? publishedSolutions(latest.document) : [];
  const document = exportSolutionsDocument({ appName: draft.app.name, solutions: draft.solutions, app: draft.app });
  const comparison = compareSolutions(draft.app.bucketCount, published, draft.solutions);
  const contentDiff = diffContent(latest, { document, versions: latest?.versions ?? {} });
  return {
    ...comparison,
    // Pending bucket settings alone are something to publish: they go out only with a publish.
    changes: comparison.changes || appBlockChanges(contentDiff).length > 0,
    published: latest ? { releaseId: latest.releaseId, seq: latest.seq, document: latest.document } : null,
    version: draft.version,
    contentDiff,
  };
}

/**
 * The solutions of a published document. Releases are written by this capability's exporter,
 * but a center's document may predate it or have been published by hand: one that cannot be
 * read compares as no solutions, and the content diff still shows every key.
 */
function publishedSolutions(document: unknown): Solution[] {
  try {
    return parseSolutionsDocument(document).solutions;
  } catch (error) {
    if (isAppError(error)) return [];
    throw error;
  }
}
