import { and, asc, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { apps, changeRequests, releases, solutions } from "@/db/schema";
import type { Solution } from "@/server/contracts/solutions";
import type { SolutionUse, UseWhere } from "@/server/contracts/used-by";
import { PUBLISH_KIND, readPublishPayload } from "@/server/releases/publish-payload";
import { applyChange, type ReleaseContent } from "@/server/releases/release-content";
import { parseSolutionsDocument } from "./parse-solutions-document";
import { toSolution } from "./solution-row";

/** One set of an app's solutions with the version map its version keys resolve against. */
export interface SolutionSource {
  app: string;
  where: UseWhere;
  solutions: Solution[];
  versions: Record<string, string>;
  release: { id: string; seq: number } | null;
  changeRequest: { id: string; title: string } | null;
}

/**
 * Every place solutions are read from, app by app: live (the latest delivered release), the
 * draft (resolving version keys against the latest release, which it would be published on)
 * and each pending publish request (applied to the latest release, as approval would).
 * A document that does not parse is left out: it references nothing that can be named.
 */
export async function listSolutionSources(db: Db | Tx): Promise<SolutionSource[]> {
  const appNames = (await db.select({ name: apps.name }).from(apps).orderBy(asc(apps.name))).map((a) => a.name);
  const draftRows = await db.select().from(solutions).orderBy(asc(solutions.app), asc(solutions.position));
  const pending = await db
    .select({ id: changeRequests.id, app: changeRequests.app, title: changeRequests.title, payload: changeRequests.payload })
    .from(changeRequests)
    .where(and(eq(changeRequests.kind, PUBLISH_KIND), eq(changeRequests.state, "pending")))
    .orderBy(asc(changeRequests.createdAt));

  const out: SolutionSource[] = [];
  for (const app of appNames) {
    const [live] = await db
      .select({ id: releases.id, seq: releases.seq, document: releases.document, versions: releases.versions })
      .from(releases)
      .where(and(eq(releases.app, app), eq(releases.deliveryState, "delivered")))
      .orderBy(desc(releases.seq))
      .limit(1);
    const [latest] = await db
      .select({ document: releases.document, versions: releases.versions })
      .from(releases)
      .where(eq(releases.app, app))
      .orderBy(desc(releases.seq))
      .limit(1);
    const latestContent: ReleaseContent | null = latest ? { document: latest.document, versions: latest.versions } : null;

    if (live) {
      const list = readSolutions(live.document);
      if (list) out.push({ app, where: "live", solutions: list, versions: live.versions, release: { id: live.id, seq: live.seq }, changeRequest: null });
    }
    const draft = draftRows.filter((r) => r.app === app).map(toSolution);
    if (draft.length) out.push({ app, where: "draft", solutions: draft, versions: latestContent?.versions ?? {}, release: null, changeRequest: null });
    for (const cr of pending.filter((p) => p.app === app)) {
      const content = applyChange(latestContent, app, readPublishPayload(cr.payload).change);
      const list = readSolutions(content.document);
      if (list) out.push({ app, where: "pending", solutions: list, versions: content.versions, release: null, changeRequest: { id: cr.id, title: cr.title } });
    }
  }
  return out;
}

function readSolutions(document: unknown): Solution[] | null {
  try {
    return parseSolutionsDocument(document).solutions;
  } catch {
    return null;
  }
}

/** The use of one solution of a source, as the used-by answers list it. */
export function solutionUse(source: SolutionSource, solution: Solution, extra: Pick<SolutionUse, "via"> & Partial<Pick<SolutionUse, "features">>): SolutionUse {
  return { app: source.app, solution: solution.name, where: source.where, release: source.release, changeRequest: source.changeRequest, ...extra };
}
