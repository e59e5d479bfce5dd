import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { verificationSettings } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { getApp } from "@/server/apps/get-app";
import { UpdateVerificationSettingsSchema, type UpdateVerificationSettingsInput, type VerificationSettings } from "@/server/contracts/verification";
import { conflict } from "@/server/errors";
import { getVerificationSettings } from "./get-verification-settings";

/**
 * Admins set per app how strict verification is (failed samples tolerated, the missing-feature
 * rate that warns); `version` guards against stale edits (409). Audited.
 */
export async function updateVerificationSettings(db: Db, opts: { actor: Actor; app: string; input: UpdateVerificationSettingsInput }): Promise<VerificationSettings> {
  const input = UpdateVerificationSettingsSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    await getApp(tx, opts.app);
    await tx.select().from(verificationSettings).where(eq(verificationSettings.app, opts.app)).for("update");
    const before = await getVerificationSettings(tx, opts.app);
    if (before.version !== input.version) {
      throw conflict(`${before.updatedBy ?? "Someone"} changed these thresholds after you opened them (version ${before.version}, yours ${input.version}).`, { current: before });
    }
    const values = { maxFailedSamples: input.maxFailedSamples, missingFeatureWarnRate: input.missingFeatureWarnRate, updatedBy: actorLabel(opts.actor), updatedAt: new Date() };
    if (before.version === 0) {
      const inserted = await tx.insert(verificationSettings).values({ app: opts.app, ...values, version: 1 }).onConflictDoNothing().returning();
      if (inserted.length === 0) throw conflict("Someone saved these thresholds at the same moment; reload them.");
    } else await tx.update(verificationSettings).set({ ...values, version: before.version + 1 }).where(eq(verificationSettings.app, opts.app));
    const after = await getVerificationSettings(tx, opts.app);
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "verification_settings", action: "update", target: opts.app, before, after });
    return after;
  });
}
