import type { Db, Tx } from "@/db";
import type { ChangeRequestDto } from "@/server/approvals/change-request-dto";
import type { ReleaseCandidate } from "@/server/approvals/change-kind-handler";
import { getApp } from "@/server/apps/get-app";
import { buildReleaseContent } from "./build-release-content";
import { getLatestContent } from "./get-latest-content";
import { readPublishPayload } from "./publish-payload";

/**
 * What a publish request would release if approved now: its change applied to the app's latest
 * release exactly as approval applies it (create-release.ts, "as-given"), on that release.
 * Verification scores this content; approval compares its hash with the report's.
 */
export async function publishCandidate(db: Db | Tx, request: ChangeRequestDto): Promise<ReleaseCandidate> {
  const payload = readPublishPayload(request.payload);
  const latest = await getLatestContent(db, request.app);
  const content = buildReleaseContent(await getApp(db, request.app), latest, payload.change, { appBlock: "as-given" });
  return { content: { document: content.document, versions: content.versions }, baseReleaseId: latest?.releaseId ?? null };
}
