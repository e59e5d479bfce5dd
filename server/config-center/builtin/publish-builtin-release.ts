import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { configCenterApps, configCenterReleases, configCenterRevision } from "@/db/schema";
import type { PublishedConfig } from "@/server/config-center/config-center";
import { unprocessable } from "@/server/errors";

export const BUILTIN_NOTIFY_CHANNEL = "config_center_changes";

export interface BuiltinPublishInput {
  app: string;
  releaseId: string;
  document: unknown;
  versions: Record<string, string>;
}

/**
 * One transaction: lock the revision counter (serialises every publish, so revisions grow in
 * commit order), return the first revision when this release id was taken before (idempotent
 * redelivery after a crash), else bump the counter, record the release and replace what the
 * app serves. With `notify`, PostgreSQL tells other console processes at commit (pg_notify
 * inside the transaction is delivered only if it commits).
 */
export async function publishBuiltinRelease(
  db: Db,
  input: BuiltinPublishInput,
  options: { notify: boolean },
): Promise<{ revision: number; alreadyPublished: boolean; config: PublishedConfig | null }> {
  for (const [key, value] of Object.entries(input.versions)) {
    if (typeof value !== "string") throw unprocessable(`The version "${key}" is not a string`);
  }
  return db.transaction(async (tx) => {
    await tx.insert(configCenterRevision).values({ id: 1, revision: 0 }).onConflictDoNothing();
    const [counter] = await tx.select().from(configCenterRevision).where(eq(configCenterRevision.id, 1)).for("update");
    const [taken] = await tx.select().from(configCenterReleases).where(eq(configCenterReleases.releaseId, input.releaseId));
    if (taken) return { revision: taken.revision, alreadyPublished: true, config: null };

    const revision = (counter?.revision ?? 0) + 1;
    await tx.update(configCenterRevision).set({ revision }).where(eq(configCenterRevision.id, 1));
    await tx.insert(configCenterReleases).values({ releaseId: input.releaseId, app: input.app, revision });
    const row = { revision, releaseId: input.releaseId, document: input.document, versions: input.versions, updatedAt: new Date() };
    await tx
      .insert(configCenterApps)
      .values({ app: input.app, ...row })
      .onConflictDoUpdate({ target: configCenterApps.app, set: row });
    if (options.notify) await tx.execute(sql`select pg_notify(${BUILTIN_NOTIFY_CHANNEL}, ${input.app})`);
    return {
      revision,
      alreadyPublished: false,
      config: { app: input.app, revision, releaseId: input.releaseId, document: input.document, versions: input.versions },
    };
  });
}
