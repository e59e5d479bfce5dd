import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { apps, solutionDrafts } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import type { SolutionsDraft } from "@/server/contracts/solution-drafts";
import { conflict, notFound } from "@/server/errors";
import { getSolutionsDraft } from "./get-solutions-draft";

/**
 * The start of every write to an app's solutions: locks the app's draft row (so writes of one
 * app run one after the other) and checks the version the caller edited. A stale version is a
 * 409 whose `details.current` is the draft as it is now, so the page can show the other change.
 */
export async function lockDraft(tx: Tx, appName: string, baseVersion: number): Promise<SolutionsDraft> {
  // The app's bucket count must not change under a split being checked against it.
  const [app] = await tx.select({ name: apps.name }).from(apps).where(eq(apps.name, appName)).for("share").limit(1);
  if (!app) throw notFound(`No app named "${appName}".`, { app: appName });
  await tx.insert(solutionDrafts).values({ app: app.name, version: 0, updatedBy: "nobody yet" }).onConflictDoNothing();
  await tx.select({ app: solutionDrafts.app }).from(solutionDrafts).where(eq(solutionDrafts.app, app.name)).for("update");
  const current = await getSolutionsDraft(tx, app.name);
  if (current.version !== baseVersion) {
    throw conflict(
      `${current.updatedBy ?? "Someone"} changed the solutions of ${app.name} after you opened them (version ${current.version}, yours ${baseVersion}).`,
      { current },
    );
  }
  return current;
}

/** Marks the draft as changed by `actor`: one version up. */
export async function bumpDraft(tx: Tx, appName: string, actor: Actor): Promise<void> {
  await tx
    .update(solutionDrafts)
    .set({ version: sql`${solutionDrafts.version} + 1`, updatedBy: actorLabel(actor), updatedAt: new Date() })
    .where(eq(solutionDrafts.app, appName));
}
