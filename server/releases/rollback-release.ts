import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { releases } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { RollbackReleaseSchema, type RollbackReleaseInput } from "@/server/contracts/releases";
import { notFound } from "@/server/errors";
import { submitRelease } from "./submit-release";

/**
 * A rollback is a new release whose content equals an older one (document and versions,
 * exactly), through the same approval as any publish.
 */
export async function rollbackRelease(db: Db, opts: { actor: Actor; app: string; releaseId: string; input: RollbackReleaseInput }) {
  const { comment } = RollbackReleaseSchema.parse(opts.input);
  const [target] = await db
    .select()
    .from(releases)
    .where(and(eq(releases.app, opts.app), eq(releases.id, opts.releaseId)))
    .limit(1);
  if (!target) throw notFound(`${opts.app} has no release ${opts.releaseId}.`, { releaseId: opts.releaseId });
  return submitRelease(db, {
    actor: opts.actor,
    app: opts.app,
    comment,
    change: { document: target.document, versions: target.versions, replaceVersions: true },
    rollbackOf: { id: target.id, seq: target.seq },
  });
}
