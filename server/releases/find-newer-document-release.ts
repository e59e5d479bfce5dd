import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db";
import { releases } from "@/db/schema";

export interface NewerRelease {
  releaseId: string;
  seq: number;
}

/**
 * The first release of the app after `baseReleaseId` (null: before the first release) whose
 * document differs from the one before it: it changed the solutions or the app block (the
 * bucket settings live in the document), so a request built on the base would undo it.
 * Versions-only releases (automatic DAG ones) do not count: version keys merge at approval.
 */
export async function findNewerDocumentRelease(db: Db | Tx, app: string, baseReleaseId: string | null): Promise<NewerRelease | null> {
  let baseSeq = 0;
  if (baseReleaseId) {
    const [base] = await db.select({ seq: releases.seq }).from(releases).where(eq(releases.id, baseReleaseId)).limit(1);
    baseSeq = base?.seq ?? 0;
  }
  const previous = alias(releases, "previous");
  const [row] = await db
    .select({ releaseId: releases.id, seq: releases.seq })
    .from(releases)
    .leftJoin(previous, and(eq(previous.app, releases.app), eq(previous.seq, sql`${releases.seq} - 1`)))
    // `document` is json (key order kept): compared as jsonb, a change of key order alone is none.
    .where(and(eq(releases.app, app), gt(releases.seq, baseSeq), or(isNull(previous.id), sql`${releases.document}::jsonb <> ${previous.document}::jsonb`)))
    .orderBy(asc(releases.seq))
    .limit(1);
  return row ?? null;
}
