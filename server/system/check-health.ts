import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { getDatabase } from "@/db";

export async function checkHealth(db: Db) {
  await db.execute(sql`select 1`);
  return { ok: true, database: (await getDatabase()).kind };
}
