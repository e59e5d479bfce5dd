import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { changeRequests } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { loadChangeRequest } from "./load-change-request";
import { verifyAfterCommit } from "./start-request-verification";
import { logError } from "@/server/log/loggable-error";

/**
 * A new release of an app changes what each of its pending requests would release (the request's
 * change applied to the latest release), so their reports stop counting (`verification_stale`).
 * Rather than leave every reviewer a re-run to ask for, each pending request of the app is
 * verified again once the release is settled (approved, or a held release's run ended): the
 * reviewer finds a current report. Runs queue behind the process's two at a time.
 */
export async function reverifyPendingRequests(db: Db, opts: { app: string; except?: string }): Promise<void> {
  try {
    const pending = await db
      .select({ id: changeRequests.id })
      .from(changeRequests)
      .where(and(eq(changeRequests.app, opts.app), eq(changeRequests.state, "pending"), opts.except ? ne(changeRequests.id, opts.except) : undefined))
      .orderBy(asc(changeRequests.createdAt));
    for (const { id } of pending) {
      const { request } = await loadChangeRequest(db, id);
      await verifyAfterCommit(db, SYSTEM, request);
    }
  } catch (e) {
    // The release is committed whatever happens here; a request left stale can still be re-run.
    logError(`[verification] could not re-verify the pending requests of ${opts.app}`, e);
  }
}
