import type { Db } from "@/db";
import { instanceAllowlist } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { CreateAllowlistEntrySchema, type AllowlistEntry, type CreateAllowlistEntryInput } from "@/server/contracts/instance-allowlist";
import { conflict } from "@/server/errors";
import { toAllowlistEntryDto } from "./allowlist-entry-dto";

/** Allows instances at an IP, a network or a host name (admins). */
export async function addAllowlistEntry(db: Db, opts: { actor: Actor; input: CreateAllowlistEntryInput }): Promise<AllowlistEntry> {
  const input = CreateAllowlistEntrySchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(instanceAllowlist)
      .values({ entry: input.entry, description: input.description, createdBy: actorLabel(opts.actor) })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`${input.entry} is already on the instance allow-list.`, { field: "entry" });
    const entry = toAllowlistEntryDto(row);
    await recordAudit(tx, { actor: opts.actor, kind: "instance_allowlist", action: "create", target: entry.entry, after: entry });
    return entry;
  });
}
