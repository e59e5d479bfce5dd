import { count, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apps, releases } from "@/db/schema";
import { DEMO_PARTS, seedFavpushRelease, seedFavpushWorld } from "@/db/seed";
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
  await seedFavpushRelease(db);
  return true;
}
