import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { featureTables } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { CreateFeatureTableSchema, type CreateFeatureTableInput } from "@/server/contracts/feature-tables";
import { conflict } from "@/server/errors";
import { checkTablePrefix } from "@/server/connections/key-prefixes";
import { checkConnectionRef } from "./check-connection-ref";
import { toFeatureTableDto } from "./feature-table-dto";

/** Registers a feature table; templates may name it from then on. */
export async function createFeatureTable(db: Db, opts: { actor: Actor; input: CreateFeatureTableInput }) {
  const input = CreateFeatureTableSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: featureTables.id }).from(featureTables).where(eq(featureTables.name, input.name)).limit(1);
    if (existing) throw conflict(`A feature table named "${input.name}" is already registered.`, { field: "name" });
    const connectionName = await checkConnectionRef(tx, input.connectionId);
    if (input.storage === "redis" && input.connectionId) await checkTablePrefix(tx, { connectionId: input.connectionId, keyPrefix: input.keyPrefix });
    const [row] = await tx
      .insert(featureTables)
      .values({
        name: input.name,
        operator: input.operator,
        storage: input.storage,
        connectionId: input.connectionId,
        keyPrefix: input.keyPrefix,
        encoding: input.encoding,
        keyDescription: input.keyDescription,
        owner: input.owner,
        description: input.description,
        updatedBy: actorLabel(opts.actor),
      })
      .returning();
    const table = toFeatureTableDto(row!, { connectionName, keys: 0 });
    await recordAudit(tx, { actor: opts.actor, kind: "feature_table", action: "create", target: table.name, after: table });
    return table;
  });
}
