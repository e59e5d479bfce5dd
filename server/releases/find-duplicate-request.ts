import type { Db, Tx } from "@/db";
import { refuseDuplicateRequest } from "@/server/approvals/refuse-duplicate-request";
import { PUBLISH_KIND, readPublishPayload } from "./publish-payload";

/**
 * Refuses (409, naming the first) a second pending request of the app with the same base and
 * the same resulting content, whether a publish, a rollback or a machine's publish. The caller
 * holds the app's row lock.
 */
export async function assertNoDuplicateRequest(
  db: Db | Tx,
  opts: { app: string; baseReleaseId: string | null; contentHash: string; exceptId?: string },
): Promise<void> {
  await refuseDuplicateRequest(db, {
    app: opts.app,
    kind: PUBLISH_KIND,
    exceptId: opts.exceptId,
    what: "change",
    same: (stored) => {
      const payload = readPublishPayload(stored);
      return payload.baseReleaseId === opts.baseReleaseId && payload.contentHash === opts.contentHash;
    },
  });
}
