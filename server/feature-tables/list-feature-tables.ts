import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { featureTables } from "@/db/schema";
import type { FeatureTable } from "@/server/contracts/feature-tables";
import { toFeatureTableDto } from "./feature-table-dto";
import { tableExtras } from "./table-extras";

export async function listFeatureTables(db: Db): Promise<FeatureTable[]> {
  const rows = await db.select().from(featureTables).orderBy(asc(featureTables.name));
  const extras = await tableExtras(db, rows);
  return rows.map((r) => toFeatureTableDto(r, extras(r)));
}
