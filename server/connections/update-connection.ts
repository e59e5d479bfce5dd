import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { featureConnections } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { UpdateConnectionSchema, type UpdateConnectionInput } from "@/server/contracts/connections";
import { conflict } from "@/server/errors";
import { toConnectionDto } from "./connection-dto";
import { encryptConnectionPassword } from "./connection-password";
import { findConnection } from "./find-connection";
import { checkTablesInsidePrefixes } from "./key-prefixes";
import { tablesByConnection } from "./used-by";

/** Optimistic concurrency as for apps. The audit entry says whether the password changed, never what it is. */
export async function updateConnection(db: Db, opts: { actor: Actor; id: string; input: UpdateConnectionInput }) {
  const input = UpdateConnectionSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const row = await findConnection(tx, opts.id, { forUpdate: true });
    const usedBy = (await tablesByConnection(tx, row.id)).get(row.id) ?? [];
    const before = toConnectionDto(row, usedBy);
    if (row.version !== input.version) {
      throw conflict(`${before.updatedBy} changed this connection after you opened it (version ${row.version}, yours ${input.version}).`, { current: before });
    }
    const keyPrefixes = input.keyPrefixes ?? row.keyPrefixes;
    await checkTablesInsidePrefixes(tx, row.id, keyPrefixes);
    const passwordCipher =
      input.password === undefined ? row.passwordCipher : input.password === null || input.password === "" ? null : encryptConnectionPassword(row.id, input.password);
    const [updated] = await tx
      .update(featureConnections)
      .set({
        host: input.host,
        port: input.port,
        database: input.database,
        username: input.username || null,
        passwordCipher,
        tls: input.tls,
        description: input.description,
        keyPrefixes,
        version: row.version + 1,
        updatedBy: actorLabel(opts.actor),
        updatedAt: new Date(),
      })
      .where(eq(featureConnections.id, row.id))
      .returning();
    const after = toConnectionDto(updated!, usedBy);
    const passwordChange = input.password === undefined ? "kept" : passwordCipher === null ? "removed" : "replaced";
    await recordAudit(tx, { actor: opts.actor, kind: "connection", action: "update", target: after.name, before, after: { ...after, passwordChange } });
    return after;
  });
}
