import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { toAppDto } from "./app-dto";

export async function listApps(db: Db) {
  const rows = await db.select().from(apps).orderBy(asc(apps.name));
  return rows.map(toAppDto);
}
