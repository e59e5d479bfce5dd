import type { NewerRelease } from "@/server/contracts/approvals";
import { conflict } from "@/server/errors";

/** The 409 of approving a stale request: it names the release approving would undo. */
export function staleRequestError(requestId: string, newer: NewerRelease) {
  return conflict(
    `Release #${newer.seq} changed the solutions document or the app's bucket settings after this request was built; approving it would undo that. The requester can re-base it on the latest release, or withdraw it.`,
    { id: requestId, newerRelease: newer },
  );
}
