import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { itemFieldClash, itemFieldClashMessage, UpdateAppSchema, type AppDetail, type UpdateAppInput } from "@/server/contracts/apps";
import { badRequest, conflict, notFound } from "@/server/errors";
import { toAppDto } from "./app-dto";
import { getLiveBucketSettings } from "./get-live-bucket-settings";

/**
 * Optimistic concurrency: the caller names the version it edited. When someone saved in
 * between, nothing is written and the 409 carries the current app so the page can show
 * what changed. New bucket settings (bucket count, hash key, salt) are the app's PENDING ones:
 * the draft is made for them and trial scoring of the draft uses them, but scoring services
 * keep the live ones (the latest release's `app` block, returned as `live`) until a reviewed
 * publish carries them (server/releases/build-release-content.ts).
 */
export async function updateApp(db: Db, opts: { actor: Actor; name: string; input: UpdateAppInput }) {
  const input = UpdateAppSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(apps).where(eq(apps.name, opts.name)).for("update").limit(1);
    if (!row) throw notFound(`No app named "${opts.name}".`, { app: opts.name });
    const before = toAppDto(row);
    if (row.version !== input.version) {
      throw conflict(`${before.updatedBy} changed this app after you opened it (version ${row.version}, yours ${input.version}).`, {
        current: before,
      });
    }
    // Item fields left out are kept: then the new origin fields must not take one of their names.
    const itemFields = input.itemFields ?? row.itemFields;
    const clash = itemFieldClash(input.originFields, itemFields);
    if (clash) throw badRequest(`Invalid body field "originFields": ${itemFieldClashMessage(clash.name)}`, { field: "originFields", itemField: clash.name });
    const [updated] = await tx
      .update(apps)
      .set({
        description: input.description,
        bucketCount: input.bucketCount,
        hashKey: input.hashKey,
        salt: input.salt?.length ? input.salt : row.salt,
        originFields: input.originFields,
        itemFields,
        version: row.version + 1,
        updatedBy: actorLabel(opts.actor),
        updatedAt: new Date(),
      })
      .where(eq(apps.id, row.id))
      .returning();
    const after = toAppDto(updated!);
    await recordAudit(tx, { actor: opts.actor, app: after.name, kind: "app", action: "update", target: after.name, before, after });
    return { ...after, live: await getLiveBucketSettings(tx, after.name) } satisfies AppDetail;
  });
}
