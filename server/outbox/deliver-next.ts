import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { releases } from "@/db/schema";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { claimDelivery } from "./claim-delivery";
import { errorMessage, isPermanentRefusal, retryDelayMs } from "./classify-error";
import { markDelivered, markFailed, markRetry } from "./mark-delivery";
import { recheckReferences } from "./recheck-references";

export interface DeliverySettings {
  owner: string;
  leaseMs: number;
  retry: { minMs: number; maxMs: number };
  /** Re-check the release's references just before writing it (recheck-references.ts). On unless a test says otherwise. */
  recheckReferences?: boolean;
}

/** Claims and delivers one record. Returns false when nothing was due. */
export async function deliverNext(db: Db, center: ConfigCenter, settings: DeliverySettings): Promise<boolean> {
  const record = await claimDelivery(db, settings);
  if (!record) return false;
  const [release] = await db
    .select({ document: releases.document, versions: releases.versions })
    .from(releases)
    .where(eq(releases.id, record.releaseId));
  if (!release) {
    await markFailed(db, record, { owner: settings.owner, error: "The release of this outbox record is missing" });
    return true;
  }
  if (settings.recheckReferences !== false) {
    const recheck = await recheckReferences(db, { app: record.app, content: { document: release.document, versions: release.versions } });
    if (recheck) {
      if (recheck.transient) await markRetry(db, record, { owner: settings.owner, error: recheck.reason, delayMs: retryDelayMs(record.attempts, settings.retry) });
      else await markFailed(db, record, { owner: settings.owner, error: recheck.reason });
      return true;
    }
  }
  let result: { revision: number; alreadyPublished: boolean };
  try {
    result = await center.publish({ app: record.app, releaseId: record.releaseId, document: release.document, versions: release.versions });
  } catch (error) {
    const message = errorMessage(error);
    if (isPermanentRefusal(error)) await markFailed(db, record, { owner: settings.owner, error: message });
    else await markRetry(db, record, { owner: settings.owner, error: message, delayMs: retryDelayMs(record.attempts, settings.retry) });
    return true;
  }
  await markDelivered(db, record, { ...result, center: center.kind });
  return true;
}
