import type { Db } from "@/db";
import type { FeatureTable } from "@/server/contracts/feature-tables";
import { findFeatureTable } from "./find-feature-table";
import { toFeatureTableDto } from "./feature-table-dto";
import { tableExtras } from "./table-extras";

export async function getFeatureTable(db: Db, name: string): Promise<FeatureTable> {
  const row = await findFeatureTable(db, name);
  return toFeatureTableDto(row, (await tableExtras(db, [row]))(row));
}
