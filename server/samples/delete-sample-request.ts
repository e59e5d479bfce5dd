import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { sampleRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { SampleRequest } from "@/server/contracts/verification";
import { notFound } from "@/server/errors";
import { assertMayEditSamples, lockAppSamples } from "./sample-editing";
import { toSampleRequestDto } from "./sample-request-dto";

/** Removes one of an app's sample requests (admins); answers what was removed. Audited. */
export async function deleteSampleRequest(db: Db, opts: { actor: Actor; app: string; id: string }): Promise<SampleRequest> {
  assertMayEditSamples(opts.actor);
  return db.transaction(async (tx) => {
    await lockAppSamples(tx, opts.app);
    const [row] = await tx.delete(sampleRequests).where(and(eq(sampleRequests.app, opts.app), eq(sampleRequests.id, opts.id))).returning();
    if (!row) throw notFound(`${opts.app} has no such sample request (it may have been deleted already).`, { id: opts.id });
    const removed = toSampleRequestDto(row);
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "sample_request", action: "delete", target: removed.name, before: removed });
    return removed;
  });
}
