import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { outbox, releases } from "@/db/schema";
import { getApp } from "@/server/apps/get-app";
import type { AppReleases } from "@/server/contracts/releases";
import { getReleaseSettings } from "./get-release-settings";
import { toReleaseDto } from "./release-dto";
import { loadReleaseVerifications } from "./release-verification";

/** An app's releases, newest first, its release settings and the failed release holding back later ones. */
export async function listReleases(db: Db, opts: { app: string; limit?: number }): Promise<AppReleases> {
  await getApp(db, opts.app);
  const rows = await db
    .select()
    .from(releases)
    .where(eq(releases.app, opts.app))
    .orderBy(desc(releases.seq))
    .limit(opts.limit ?? 100);
  const ids = rows.map((r) => r.id);
  const outboxRows = ids.length ? await db.select({ releaseId: outbox.releaseId, state: outbox.state }).from(outbox).where(inArray(outbox.releaseId, ids)) : [];
  const outboxState = new Map(outboxRows.map((o) => [o.releaseId, o.state]));
  const rollbackIds = [...new Set(rows.flatMap((r) => (r.rollbackOf ? [r.rollbackOf] : [])))];
  const targets = rollbackIds.length ? await db.select({ id: releases.id, seq: releases.seq }).from(releases).where(inArray(releases.id, rollbackIds)) : [];
  const seqOf = new Map(targets.map((t) => [t.id, t.seq]));
  const [blocking] = await db
    .select({ releaseId: outbox.releaseId, seq: outbox.seq, lastError: outbox.lastError })
    .from(outbox)
    .where(and(eq(outbox.app, opts.app), eq(outbox.state, "failed")))
    .orderBy(asc(outbox.seq))
    .limit(1);
  const verifications = await loadReleaseVerifications(db, rows.map((r) => r.verificationReportId));
  return {
    app: opts.app,
    releases: rows.map((row) =>
      toReleaseDto(row, {
        rollbackOfSeq: row.rollbackOf ? seqOf.get(row.rollbackOf) : null,
        outboxState: outboxState.get(row.id),
        verification: row.verificationReportId ? verifications.get(row.verificationReportId) : null,
      }),
    ),
    settings: await getReleaseSettings(db, opts.app),
    blockedBy: blocking ? { id: blocking.releaseId, seq: blocking.seq, reason: blocking.lastError } : null,
  };
}
