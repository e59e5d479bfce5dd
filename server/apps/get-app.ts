import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { apps } from "@/db/schema";
import { notFound } from "@/server/errors";
import { toAppDto } from "./app-dto";

export async function getApp(db: Db | Tx, name: string) {
  const [row] = await db.select().from(apps).where(eq(apps.name, name)).limit(1);
  if (!row) throw notFound(`No app named "${name}".`, { app: name });
  return toAppDto(row);
}
