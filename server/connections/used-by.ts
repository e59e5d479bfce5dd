import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { featureTables } from "@/db/schema";

/** Connection id -> names of the feature tables stored on it. */
export async function tablesByConnection(db: Db | Tx, connectionId?: string): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ connectionId: featureTables.connectionId, name: featureTables.name })
    .from(featureTables)
    .where(connectionId ? eq(featureTables.connectionId, connectionId) : undefined)
    .orderBy(asc(featureTables.name));
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.connectionId) continue;
    out.set(r.connectionId, [...(out.get(r.connectionId) ?? []), r.name]);
  }
  return out;
}
