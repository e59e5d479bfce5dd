import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { CreateAppSchema, type CreateAppInput } from "@/server/contracts/apps";
import { conflict } from "@/server/errors";
import { toAppDto } from "./app-dto";

export async function createApp(db: Db, opts: { actor: Actor; input: CreateAppInput }) {
  const input = CreateAppSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: apps.id }).from(apps).where(eq(apps.name, input.name)).limit(1);
    if (existing) throw conflict(`An app named "${input.name}" already exists.`, { field: "name" });
    const [row] = await tx
      .insert(apps)
      .values({
        name: input.name,
        description: input.description,
        bucketCount: input.bucketCount,
        hashKey: input.hashKey,
        // The salt defaults to the app name (docs/solutions.md#apps) and is then fixed: changing it reshuffles every user.
        salt: input.salt?.length ? input.salt : input.name,
        originFields: input.originFields,
        itemFields: input.itemFields ?? [],
        updatedBy: actorLabel(opts.actor),
      })
      .returning();
    const app = toAppDto(row!);
    await recordAudit(tx, { actor: opts.actor, app: app.name, kind: "app", action: "create", target: app.name, after: app });
    return app;
  });
}
