import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { releaseSettings } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { getApp } from "@/server/apps/get-app";
import { UpdateReleaseSettingsSchema, type ReleaseSettings, type UpdateReleaseSettingsInput } from "@/server/contracts/releases";
import { conflict } from "@/server/errors";
import { getReleaseSettings } from "./get-release-settings";

/** Admins decide per app whether publishing needs approval and how many; `version` guards against stale edits. */
export async function updateReleaseSettings(db: Db, opts: { actor: Actor; app: string; input: UpdateReleaseSettingsInput }): Promise<ReleaseSettings> {
  const input = UpdateReleaseSettingsSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    await getApp(tx, opts.app);
    await tx.select().from(releaseSettings).where(eq(releaseSettings.app, opts.app)).for("update");
    const before = await getReleaseSettings(tx, opts.app);
    if (before.version !== input.version) {
      throw conflict(`${before.updatedBy ?? "Someone"} changed these settings after you opened them (version ${before.version}, yours ${input.version}).`, { current: before });
    }
    const values = { requiresApproval: input.requiresApproval, requiredApprovals: input.requiredApprovals, updatedBy: actorLabel(opts.actor), updatedAt: new Date() };
    if (before.version === 0) {
      const inserted = await tx.insert(releaseSettings).values({ app: opts.app, ...values, version: 1 }).onConflictDoNothing().returning();
      if (inserted.length === 0) throw conflict("Someone saved these settings at the same moment; reload them.");
    } else await tx.update(releaseSettings).set({ ...values, version: before.version + 1 }).where(eq(releaseSettings.app, opts.app));
    const after = await getReleaseSettings(tx, opts.app);
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "release_settings", action: "update", target: opts.app, before, after });
    return after;
  });
}
