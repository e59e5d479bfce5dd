import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { apps, featureTables } from "@/db/schema";
import type { TemplateRegistryContext } from "@/server/contracts/feature-tables";
import { notFound } from "@/server/errors";
import { listVersionKeys } from "./list-version-keys";

/**
 * What an app's templates are checked against: registered tables, the fields a request brings
 * (origin fields, and item fields: an item is scored with its fields merged into the origin),
 * known version keys.
 */
export async function getTemplateContext(db: Db | Tx, app: string): Promise<TemplateRegistryContext> {
  const [appRow] = await db.select({ originFields: apps.originFields, itemFields: apps.itemFields }).from(apps).where(eq(apps.name, app)).limit(1);
  if (!appRow) throw notFound(`No app named "${app}".`, { app });
  const [tables, versionKeys] = await Promise.all([
    db.select({ name: featureTables.name, operator: featureTables.operator }).from(featureTables).orderBy(asc(featureTables.name)),
    listVersionKeys(db, app),
  ]);
  return {
    app,
    tables: tables.map((t) => ({ name: t.name, operators: [t.operator] })),
    originFields: [...appRow.originFields, ...appRow.itemFields].map((f) => f.name),
    versionKeys: versionKeys.keys,
    versionKeysKnown: versionKeys.known,
  };
}
