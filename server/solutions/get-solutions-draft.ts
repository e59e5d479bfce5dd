import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { solutionDrafts, solutions } from "@/db/schema";
import { getApp } from "@/server/apps/get-app";
import type { SolutionsDraft } from "@/server/contracts/solution-drafts";
import { toSolution } from "./solution-row";
import { validateSplit } from "@/sdk/src/core/solutions/validate-split";

/**
 * An app's draft: its solutions in document order, the split checked against the app's bucket
 * count (which may have changed since the split was saved) and the version every write names.
 * Also what trial scoring reads as the "draft" configuration.
 */
export async function getSolutionsDraft(db: Db | Tx, appName: string): Promise<SolutionsDraft> {
  const app = await getApp(db, appName);
  const [draft] = await db.select().from(solutionDrafts).where(eq(solutionDrafts.app, app.name)).limit(1);
  const rows = await db.select().from(solutions).where(eq(solutions.app, app.name)).orderBy(asc(solutions.position), asc(solutions.name));
  const list = rows.map(toSolution);
  return {
    app: { name: app.name, bucketCount: app.bucketCount, hashKey: app.hashKey, salt: app.salt },
    version: draft?.version ?? 0,
    updatedBy: draft?.updatedBy ?? null,
    updatedAt: draft?.updatedAt.toISOString() ?? null,
    solutions: list,
    split: validateSplit(app.bucketCount, list),
  };
}
