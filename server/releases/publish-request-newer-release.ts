import type { Db, Tx } from "@/db";
import type { ChangeRequestDto } from "@/server/approvals/change-request-dto";
import type { NewerRelease } from "@/server/contracts/approvals";
import { findNewerDocumentRelease } from "./find-newer-document-release";
import { readPublishPayload } from "./publish-payload";

/**
 * A publish or rollback that replaces the document is stale once a release after its base
 * changed the document or the app block: approving it would silently undo that release. One
 * that changes versions only is never stale (its keys merge onto the latest release).
 */
export async function publishRequestNewerRelease(db: Db | Tx, request: ChangeRequestDto): Promise<NewerRelease | null> {
  const payload = readPublishPayload(request.payload);
  if (payload.change.document === undefined) return null;
  return findNewerDocumentRelease(db, request.app, payload.baseReleaseId);
}
