import { count } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { seedFavpushWorld } from "@/db/seed";
import { ensureDemoModelFiles } from "@/server/dev-model-server/demo-models";
import { dataDir } from "@/server/env";

/**
 * Demo data of the articles (seeds/002): the whole favpush world of db/seed, written once, on a
 * console without apps. The models are registered at their copies in the data folder.
 */
export async function seedDemo(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(apps);
  if ((row?.n ?? 0) > 0) return false;
  await seedFavpushWorld(db, { modelsRoot: ensureDemoModelFiles(dataDir()) });
  return true;
}
