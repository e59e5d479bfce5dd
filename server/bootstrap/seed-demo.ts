import { count, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apps, releases } from "@/db/schema";
import { DEMO_PARTS, favpushVersions, seedFavpushRelease, seedFavpushWorld } from "@/db/seed";
import type { ReleaseContent } from "@/server/contracts/releases";
import { exportSolutions } from "@/server/solutions/export-solutions";
import { collectModelStates } from "@/server/verification/verification-inputs";
import { ensureDemoModelFiles } from "@/server/dev-model-server/demo-models";
import { dataDir } from "@/server/env";

/**
 * Demo data of the articles (seeds/002): the whole favpush world of db/seed but its first
 * release, written once, on a console without apps. The models are registered at their copies
 * in the data folder. The release comes later (seedDemoRelease): it is verified through the
 * models, so it waits until the dev model server holds them.
 */
export async function seedDemo(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(apps);
  if ((row?.n ?? 0) > 0) return false;
  await seedFavpushWorld(db, { modelsRoot: ensureDemoModelFiles(dataDir()), parts: DEMO_PARTS.filter((p) => p !== "release") });
  return true;
}

/**
 * favpush's first release, once the dev model server has started and loaded the models (and
 * is registered for them): held and verified on the demo samples like every release made
 * without review, then delivered. Only while favpush has no release yet (a console that
 * stopped between seedDemo and this seeds it at its next start).
 */
export async function seedDemoRelease(db: Db): Promise<boolean> {
  const [app] = await db.select({ name: apps.name }).from(apps).where(eq(apps.name, "favpush"));
  if (!app) return false;
  const [release] = await db.select({ id: releases.id }).from(releases).where(eq(releases.app, "favpush")).limit(1);
  if (release) return false;
  await untilModelsAnswer(db, { document: await exportSolutions(db, "favpush"), versions: favpushVersions() });
  await seedFavpushRelease(db);
  return true;
}

/**
 * Waits (up to `timeoutMs`) until every registered instance of the release's models answers
 * with its version AVAILABLE. The first gRPC calls of a process that is still starting can take
 * seconds (a channel resolving its address on a busy event loop): a verification run then would
 * read a healthy model server as silent and fail the demo's first release.
 */
async function untilModelsAnswer(db: Db, content: ReleaseContent, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const models = await collectModelStates(db, content);
    const ready = models.length > 0 && models.every((m) => m.instances.length > 0 && m.instances.every((i) => i.state === "AVAILABLE"));
    if (ready || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
