import { and, countDistinct, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { featureConnections, featureRows, featureTables } from "@/db/schema";
import type { FeatureTableRow } from "./feature-table-dto";

/** Connection names and built-in key counts (of the generation reads see) of some tables, in two queries whatever their number. */
export async function tableExtras(db: Db | Tx, rows: FeatureTableRow[]) {
  const connectionIds = [...new Set(rows.map((r) => r.connectionId).filter((id): id is string => !!id))];
  const builtinIds = rows.filter((r) => r.storage === "builtin").map((r) => r.id);
  const [connections, counts] = await Promise.all([
    connectionIds.length
      ? db.select({ id: featureConnections.id, name: featureConnections.name }).from(featureConnections).where(inArray(featureConnections.id, connectionIds))
      : [],
    builtinIds.length
      ? db
          .select({ tableId: featureRows.tableId, keys: countDistinct(featureRows.key) })
          .from(featureRows)
          .innerJoin(featureTables, and(eq(featureTables.id, featureRows.tableId), eq(featureTables.generation, featureRows.generation)))
          .where(inArray(featureRows.tableId, builtinIds))
          .groupBy(featureRows.tableId)
      : [],
  ]);
  const names = new Map(connections.map((c) => [c.id, c.name]));
  const keys = new Map(counts.map((c) => [c.tableId, c.keys]));
  return (row: FeatureTableRow) => ({ connectionName: row.connectionId ? names.get(row.connectionId) ?? null : null, keys: keys.get(row.id) ?? 0 });
}

/** Whether a built-in table holds any row (its operator and encoding are then fixed). */
export async function hasRows(db: Db | Tx, tableId: string): Promise<boolean> {
  const [row] = await db.select({ key: featureRows.key }).from(featureRows).where(eq(featureRows.tableId, tableId)).limit(1);
  return !!row;
}
