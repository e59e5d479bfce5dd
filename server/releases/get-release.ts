import { and, eq, lt, desc } from "drizzle-orm";
import type { Db } from "@/db";
import { outbox, releases } from "@/db/schema";
import type { ReleaseDetail } from "@/server/contracts/releases";
import { notFound } from "@/server/errors";
import { contentOf, toReleaseDto } from "./release-dto";
import { loadReleaseVerifications } from "./release-verification";

/** One release with its full content and the content of the release before it (for the side-by-side diff). */
export async function getRelease(db: Db, opts: { app: string; id: string }): Promise<ReleaseDetail> {
  const [row] = await db.select().from(releases).where(and(eq(releases.app, opts.app), eq(releases.id, opts.id))).limit(1);
  if (!row) throw notFound(`${opts.app} has no such release.`, { releaseId: opts.id });
  const [previous] = await db
    .select()
    .from(releases)
    .where(and(eq(releases.app, opts.app), lt(releases.seq, row.seq)))
    .orderBy(desc(releases.seq))
    .limit(1);
  const [target] = row.rollbackOf ? await db.select({ seq: releases.seq }).from(releases).where(eq(releases.id, row.rollbackOf)) : [];
  const [queued] = await db.select({ state: outbox.state }).from(outbox).where(eq(outbox.releaseId, row.id));
  const verifications = await loadReleaseVerifications(db, [row.verificationReportId]);
  return {
    ...toReleaseDto(row, { rollbackOfSeq: target?.seq ?? null, outboxState: queued?.state, verification: row.verificationReportId ? verifications.get(row.verificationReportId) : null }),
    content: contentOf(row),
    previous: previous ? { seq: previous.seq, content: contentOf(previous) } : null,
  };
}
