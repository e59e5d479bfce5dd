import { asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { approvals, changeRequests } from "@/db/schema";
import { notFound } from "@/server/errors";
import { toChangeRequestDto, type ChangeRequestDto } from "./change-request-dto";

/** One request with its approvals; `lock` takes the row lock of a transaction that changes it. */
export async function loadChangeRequest(db: Db | Tx, id: string, options: { lock?: boolean } = {}) {
  const query = db.select().from(changeRequests).where(eq(changeRequests.id, id)).limit(1);
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw notFound(`No change request ${id}.`, { id });
  const approvalRows = await db.select().from(approvals).where(eq(approvals.changeRequestId, id)).orderBy(asc(approvals.at));
  return { row, request: toChangeRequestDto(row, approvalRows) };
}

/** Many requests with their approvals, in the given order. */
export async function withApprovals(db: Db | Tx, rows: (typeof changeRequests.$inferSelect)[]): Promise<ChangeRequestDto[]> {
  if (rows.length === 0) return [];
  const approvalRows = await db
    .select()
    .from(approvals)
    .where(inArray(approvals.changeRequestId, rows.map((r) => r.id)))
    .orderBy(asc(approvals.at));
  return rows.map((row) => toChangeRequestDto(row, approvalRows.filter((a) => a.changeRequestId === row.id)));
}
