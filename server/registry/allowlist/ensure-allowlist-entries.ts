import type { Db } from "@/db";
import { instanceAllowlist } from "@/db/schema";
import { SYSTEM, actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { CreateAllowlistEntrySchema, type CreateAllowlistEntryInput } from "@/server/contracts/instance-allowlist";

/** What the demo needs: the dev model server registers itself on loopback. */
export const DEMO_ALLOWLIST: CreateAllowlistEntryInput[] = [
  { entry: "127.0.0.0/8", description: "Demo: the dev model server on this machine (IPv4 loopback)" },
  { entry: "::1", description: "Demo: the dev model server on this machine (IPv6 loopback)" },
];

/**
 * Adds the entries that are missing, leaving present ones as they are: demo mode (bootstrap)
 * and the demo world's seed use it; a production console starts with no entry at all.
 */
export async function ensureAllowlistEntries(db: Db, entries: readonly CreateAllowlistEntryInput[] = DEMO_ALLOWLIST, actor: Actor = SYSTEM): Promise<void> {
  const values = entries.map((e) => ({ ...CreateAllowlistEntrySchema.parse(e), createdBy: actorLabel(actor) }));
  await db.transaction(async (tx) => {
    const added = await tx.insert(instanceAllowlist).values(values).onConflictDoNothing().returning();
    for (const row of added) await recordAudit(tx, { actor, kind: "instance_allowlist", action: "create", target: row.entry, after: { entry: row.entry, description: row.description } });
  });
}
