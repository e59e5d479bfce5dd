import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { modelOperations } from "@/db/schema";
import { notFound } from "@/server/errors";
import { toOperationDto } from "./operation-dto";

export async function listOperations(db: Db, model: string, limit = 20) {
  const rows = await db.select().from(modelOperations).where(eq(modelOperations.model, model)).orderBy(desc(modelOperations.createdAt)).limit(limit);
  return rows.map(toOperationDto);
}

export async function getOperation(db: Db, model: string, id: string) {
  const [row] = await db.select().from(modelOperations).where(and(eq(modelOperations.model, model), eq(modelOperations.id, id))).limit(1);
  if (!row) throw notFound("No such operation.");
  return toOperationDto(row);
}
