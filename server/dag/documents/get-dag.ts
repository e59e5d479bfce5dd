import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { dagDocuments } from "@/db/schema";
import { getApp } from "@/server/apps/get-app";
import type { DagRecord } from "@/server/contracts/dag-save";
import { toDagRecord } from "./dag-record";

/** The app's DAG as last saved (404 for an unknown app; version 0 when nothing was saved). */
export async function getDag(db: Db | Tx, app: string): Promise<DagRecord> {
  await getApp(db, app);
  const [row] = await db.select().from(dagDocuments).where(eq(dagDocuments.app, app)).limit(1);
  return toDagRecord(app, row);
}
