import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceAllowlist, modelInstances } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { AllowlistEntry } from "@/server/contracts/instance-allowlist";
import { notFound } from "@/server/errors";
import { toAllowlistEntryDto } from "./allowlist-entry-dto";
import { hostAllowed, hostOfAddress } from "./host-allowed";

/**
 * Removes an entry, and with it the registrations no other entry covers: the console stops
 * reaching those instances now, not when their registration would have expired.
 */
export async function removeAllowlistEntry(db: Db, opts: { actor: Actor; id: string }): Promise<AllowlistEntry> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(instanceAllowlist).where(eq(instanceAllowlist.id, opts.id)).returning();
    if (!row) throw notFound("No such instance allow-list entry.", { id: opts.id });
    const rest = (await tx.select({ entry: instanceAllowlist.entry }).from(instanceAllowlist)).map((r) => r.entry);
    const instances = await tx.select({ model: modelInstances.model, address: modelInstances.address, restAddress: modelInstances.restAddress }).from(modelInstances);
    const dropped = instances.filter((i) => ![i.address, i.restAddress].every((a) => a === null || hostAllowed(rest, hostOfAddress(a))));
    for (const d of dropped) await tx.delete(modelInstances).where(and(eq(modelInstances.model, d.model), eq(modelInstances.address, d.address)));
    const entry = toAllowlistEntryDto(row);
    await recordAudit(tx, {
      actor: opts.actor,
      kind: "instance_allowlist",
      action: "delete",
      target: entry.entry,
      before: entry,
      ...(dropped.length > 0 ? { after: { deregistered: dropped.map((d) => `${d.model}@${d.address}`) } } : {}),
    });
    return entry;
  });
}
