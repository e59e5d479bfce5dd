import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { featureConnections } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { CreateConnectionSchema, type CreateConnectionInput } from "@/server/contracts/connections";
import { conflict } from "@/server/errors";
import { toConnectionDto } from "./connection-dto";
import { encryptConnectionPassword } from "./connection-password";

export async function createConnection(db: Db, opts: { actor: Actor; input: CreateConnectionInput }) {
  const input = CreateConnectionSchema.parse(opts.input);
  // The id is chosen here because the password's ciphertext is bound to it.
  const id = randomUUID();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: featureConnections.id }).from(featureConnections).where(eq(featureConnections.name, input.name)).limit(1);
    if (existing) throw conflict(`A connection named "${input.name}" already exists.`, { field: "name" });
    const [row] = await tx
      .insert(featureConnections)
      .values({
        id,
        name: input.name,
        host: input.host,
        port: input.port,
        database: input.database,
        username: input.username || null,
        passwordCipher: input.password ? encryptConnectionPassword(id, input.password) : null,
        tls: input.tls,
        description: input.description,
        keyPrefixes: input.keyPrefixes,
        updatedBy: actorLabel(opts.actor),
      })
      .returning();
    const connection = toConnectionDto(row!, []);
    await recordAudit(tx, { actor: opts.actor, kind: "connection", action: "create", target: connection.name, after: connection });
    return connection;
  });
}
