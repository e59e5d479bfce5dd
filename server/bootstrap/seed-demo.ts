import { count } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { createModel } from "@/server/models/create-model";
import { DEMO_MODELS, ensureDemoModelFiles } from "@/server/dev-model-server/demo-models";
import { dataDir } from "@/server/env";
import { seedSolutionsDemo } from "@/server/solutions/seed-solutions-demo";
import { seedDemoRelease } from "./seed-demo-release";
import { seedDagDemo } from "@/server/dag/demo/seed-dag-demo";
import { seedFeatureTablesDemo } from "@/server/feature-tables/seed-feature-tables-demo";
import path from "node:path";

/** Demo data of the articles (seeds/002): the favpush app. Later capabilities add their own demo rows here. */
export async function seedDemo(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(apps);
  if ((row?.n ?? 0) > 0) return false;
  await createApp(db, {
    actor: SYSTEM,
    input: {
      name: "favpush",
      description: "Favourites push: CTR ranking of goods for a user (the articles' example)",
      bucketCount: 10,
      hashKey: "uid",
      originFields: [
        { name: "uid", type: "int" },
        { name: "goods_id", type: "int" },
      ],
    },
  });
  const modelsRoot = ensureDemoModelFiles(dataDir());
  for (const { folder, ...m } of DEMO_MODELS) {
    await createModel(db, { actor: SYSTEM, input: { ...m, basePath: path.join(modelsRoot, folder) } });
  }
  await seedFeatureTablesDemo(db);
  await seedSolutionsDemo(db);
  await seedDemoRelease(db);
  await seedDagDemo(db);
  return true;
}
