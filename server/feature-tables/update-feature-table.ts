import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { featureTables } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { UpdateFeatureTableSchema, type UpdateFeatureTableInput } from "@/server/contracts/feature-tables";
import { conflict, unprocessable } from "@/server/errors";
import { checkTablePrefix } from "@/server/connections/key-prefixes";
import { checkConnectionRef } from "./check-connection-ref";
import { findFeatureTable } from "./find-feature-table";
import { toFeatureTableDto } from "./feature-table-dto";
import { hasRows, tableExtras } from "./table-extras";

/**
 * Edits a table (not its name: templates refer to it). Rows already stored were written for
 * the table's operator and encoding, so those two are fixed while the built-in store holds
 * rows. Moving a table to another storage does not move its data.
 */
export async function updateFeatureTable(db: Db, opts: { actor: Actor; name: string; input: UpdateFeatureTableInput }) {
  const input = UpdateFeatureTableSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const row = await findFeatureTable(tx, opts.name, { forUpdate: true });
    const before = toFeatureTableDto(row, (await tableExtras(tx, [row]))(row));
    if (row.version !== input.version) {
      throw conflict(`${before.updatedBy} changed this table after you opened it (version ${row.version}, yours ${input.version}).`, { current: before });
    }
    for (const field of ["operator", "encoding"] as const) {
      if (input[field] !== row[field] && (await hasRows(tx, row.id))) {
        throw unprocessable(`The ${field} cannot change while the built-in store holds rows written as ${row[field]}.`, { field });
      }
    }
    const connectionName = await checkConnectionRef(tx, input.connectionId);
    if (input.storage === "redis" && input.connectionId) await checkTablePrefix(tx, { connectionId: input.connectionId, keyPrefix: input.keyPrefix, tableId: row.id });
    const [updated] = await tx
      .update(featureTables)
      .set({
        operator: input.operator,
        storage: input.storage,
        connectionId: input.connectionId,
        keyPrefix: input.keyPrefix,
        encoding: input.encoding,
        keyDescription: input.keyDescription,
        owner: input.owner,
        description: input.description,
        version: row.version + 1,
        updatedBy: actorLabel(opts.actor),
        updatedAt: new Date(),
      })
      .where(eq(featureTables.id, row.id))
      .returning();
    const after = toFeatureTableDto(updated!, { connectionName, keys: before.keys });
    await recordAudit(tx, { actor: opts.actor, kind: "feature_table", action: "update", target: after.name, before, after });
    return after;
  });
}
