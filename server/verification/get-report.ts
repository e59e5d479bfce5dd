import { and, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { verificationReports } from "@/db/schema";
import type { VerificationReport } from "@/server/contracts/verification";
import { notFound } from "@/server/errors";
import type { VerificationSubject } from "./verification-api";
import { toReportDto } from "./report-dto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One report by id; not found (404) otherwise. */
export async function getReport(db: Db | Tx, id: string): Promise<VerificationReport> {
  const [row] = UUID.test(id) ? await db.select().from(verificationReports).where(eq(verificationReports.id, id)).limit(1) : [];
  if (!row) throw notFound(`No verification report ${id}.`, { report: id });
  return toReportDto(row);
}

/** The latest report of a subject (any revision), or null. */
export async function latestReport(db: Db | Tx, subject: { kind: VerificationSubject["kind"]; id: string }): Promise<VerificationReport | null> {
  if (!UUID.test(subject.id)) return null;
  const [row] = await db
    .select()
    .from(verificationReports)
    .where(and(eq(verificationReports.subjectKind, subject.kind), eq(verificationReports.subjectId, subject.id)))
    .orderBy(desc(verificationReports.startedAt), desc(verificationReports.id))
    .limit(1);
  return row ? toReportDto(row) : null;
}
