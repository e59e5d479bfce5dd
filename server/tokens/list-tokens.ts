import { desc } from "drizzle-orm";
import type { Db } from "@/db";
import { apiTokens } from "@/db/schema";
import { toTokenDto } from "./token-dto";

export async function listTokens(db: Db) {
  const rows = await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
  return rows.map(toTokenDto);
}
