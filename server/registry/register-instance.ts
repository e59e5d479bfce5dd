import { getTableColumns, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { modelInstances } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { RegisterInstanceSchema, type RegisterInstanceInput } from "@/server/contracts/models";
import { checkInstanceAllowed } from "./allowlist/check-instance-allowed";
import { toInstanceDto } from "./instance-dto";

/**
 * Announce or renew (model, address) for ttlSeconds. Only the first announcement is audited:
 * renewals every few seconds would drown the log. The address (and the REST one) must be on the
 * instance allow-list, renewals included: an entry removed stops them.
 */
export async function registerInstance(db: Db, opts: { actor: Actor; input: RegisterInstanceInput }) {
  const input = RegisterInstanceSchema.parse(opts.input);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + input.ttlSeconds * 1000);
  return db.transaction(async (tx) => {
    await checkInstanceAllowed(tx, [
      { field: "address", address: input.address },
      ...(input.restAddress ? [{ field: "restAddress", address: input.restAddress }] : []),
    ]);
    const [row] = await tx
      .insert(modelInstances)
      .values({
        model: input.model,
        address: input.address,
        restAddress: input.restAddress ?? null,
        registeredBy: actorLabel(opts.actor),
        lastSeenAt: now,
        expiresAt,
      })
      .onConflictDoUpdate({
        target: [modelInstances.model, modelInstances.address],
        set: { restAddress: input.restAddress ?? null, lastSeenAt: now, expiresAt, registeredBy: actorLabel(opts.actor) },
      })
      // xmax = 0 only for a freshly inserted row: tells a first announcement from a renewal.
      .returning({ ...getTableColumns(modelInstances), inserted: sql<boolean>`(xmax = 0)` });
    const { inserted, ...stored } = row!;
    const instance = toInstanceDto(stored);
    if (inserted) {
      await recordAudit(tx, { actor: opts.actor, kind: "model_instance", action: "register", target: `${instance.model}@${instance.address}`, after: instance });
    }
    return instance;
  });
}
