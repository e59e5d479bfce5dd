/**
 * Test support (not imported by the app): an app's solutions where "used by" reads them, written
 * straight into the real database: a delivered release (live), draft rows, a pending publish
 * request. The release and request flows have tests of their own; these tests are about reading.
 */
import { eq, max } from "drizzle-orm";
import type { Db } from "@/db";
import { changeRequests, releases, solutions } from "@/db/schema";
import type { Solution } from "@/server/contracts/solutions";
import { hashContent } from "@/server/releases/release-content";
import { solutionColumns } from "@/server/solutions/solution-row";

export function documentOf(app: string, list: Solution[]) {
  return { app_name: app, solutions: list.map(({ name, ...body }) => ({ [name]: body })) };
}

export async function deliveredRelease(db: Db, opts: { app: string; solutions: Solution[]; versions?: Record<string, string>; delivered?: boolean }) {
  const document = documentOf(opts.app, opts.solutions);
  const versions = opts.versions ?? {};
  const [last] = await db.select({ seq: max(releases.seq) }).from(releases).where(eq(releases.app, opts.app));
  const [row] = await db
    .insert(releases)
    .values({
      app: opts.app,
      seq: (last?.seq ?? 0) + 1,
      author: "test",
      comment: "test release",
      document,
      versions,
      contentHash: hashContent({ document, versions }),
      diff: { solutions: [], versions: [] } as never,
      deliveryState: opts.delivered === false ? "pending" : "delivered",
      deliveredAt: opts.delivered === false ? null : new Date(),
    })
    .returning();
  return row!;
}

export async function draftSolutions(db: Db, app: string, list: Solution[]) {
  for (const [position, s] of list.entries()) await db.insert(solutions).values({ app, position, updatedBy: "test", ...solutionColumns(s) });
}

export async function pendingPublish(db: Db, opts: { app: string; solutions: Solution[]; title?: string }) {
  const [row] = await db
    .insert(changeRequests)
    .values({
      app: opts.app,
      kind: "publish",
      title: opts.title ?? `Publish ${opts.app}`,
      payload: { change: { document: documentOf(opts.app, opts.solutions) }, baseReleaseId: null, rollbackOf: null },
      comment: "",
      requestedBy: "test",
      requestedById: "test",
    })
    .returning();
  return row!;
}
