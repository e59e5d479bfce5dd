import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db";
import { modelInstances } from "@/db/schema";
import { toInstanceDto } from "./instance-dto";

/** Live instances only: a registration that was not renewed in time has dropped out. */
export async function listInstances(db: Db, opts: { model?: string; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const rows = await db
    .select()
    .from(modelInstances)
    .where(and(gt(modelInstances.expiresAt, now), opts.model ? eq(modelInstances.model, opts.model) : undefined))
    .orderBy(asc(modelInstances.model), asc(modelInstances.address));
  return rows.map(toInstanceDto);
}
