import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { getApp } from "@/server/apps/get-app";
import { loadPendingCandidate } from "@/server/approvals/pending-candidate";
import type { ChangeRequestSource } from "@/server/contracts/scoring";
import { badRequest, isAppError, unprocessable } from "@/server/errors";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import type { ScoringConfig } from "./scoring-types";

/**
 * A pending change request's candidate (what approving it would release now: document and
 * versions) as a trial's configuration, bucketed with the settings it carries, exactly as
 * verification scores it. Who may see the request may try it; 404 for an unknown one, 409 for
 * a decided one, 400 when the trial names another app than the request's.
 */
export async function changeRequestConfig(db: Db, actor: Actor, appName: string, source: ChangeRequestSource): Promise<ScoringConfig> {
  const { request, content } = await loadPendingCandidate(db, actor, source.id);
  if (request.app !== appName) throw badRequest(`Change request ${source.id} is for ${request.app}, not ${appName}.`, { field: "app_name", app: request.app });
  let doc;
  try {
    doc = parseSolutionsDocument(content.document);
  } catch (e) {
    if (isAppError(e)) throw unprocessable(`The document change request ${source.id} would release is not a solutions document: ${e.message}`);
    throw e;
  }
  const s = doc.settings;
  const app = s ? { name: request.app, bucketCount: s.bucket_count, hashKey: s.hash_key, salt: s.salt } : await fallbackSettings(db, request.app);
  return { app, solutions: doc.solutions, versions: content.versions, source: "change-request", revision: null };
}

async function fallbackSettings(db: Db, name: string): Promise<ScoringConfig["app"]> {
  const app = await getApp(db, name);
  return { name: app.name, bucketCount: app.bucketCount, hashKey: app.hashKey, salt: app.salt };
}
