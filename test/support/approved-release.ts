import type { Db } from "@/db";
import { SYSTEM } from "@/server/auth/actor";
import { getApp } from "@/server/apps/get-app";
import { notifyOutbox } from "@/server/outbox/outbox-signal";
import { buildReleaseContent, settledChange } from "@/server/releases/build-release-content";
import { createRelease } from "@/server/releases/create-release";
import { getLatestContent } from "@/server/releases/get-latest-content";
import type { ReleaseDto } from "@/server/releases/release-dto";
import type { StoredChange } from "@/server/releases/release-content";

/**
 * A release as an approval makes it (createRelease, its outbox record pending at once), for
 * tests of delivery: a release made without review would be held for its verification
 * (docs/verification.md), which worlds without model servers cannot pass and which these tests
 * are not about. The change is settled as a publish settles it (the app's bucket block).
 */
export async function approvedRelease(db: Db, opts: { app: string; comment: string; change: StoredChange }): Promise<ReleaseDto> {
  const release = await db.transaction(async (tx) => {
    const app = await getApp(tx, opts.app);
    const latest = await getLatestContent(tx, opts.app);
    const change = settledChange(opts.change, buildReleaseContent(app, latest, opts.change, { appBlock: "live" }));
    return createRelease(tx, { actor: SYSTEM, app: opts.app, author: { id: "test", name: "test" }, approvers: [], comment: opts.comment, change });
  });
  notifyOutbox();
  return release;
}
