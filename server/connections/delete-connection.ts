import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { featureConnections } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { conflict } from "@/server/errors";
import { toConnectionDto } from "./connection-dto";
import { findConnection } from "./find-connection";
import { tablesByConnection } from "./used-by";

/** A connection that tables still use cannot go: they would have nowhere to read from. */
export async function deleteConnection(db: Db, opts: { actor: Actor; id: string }) {
  return db.transaction(async (tx) => {
    const row = await findConnection(tx, opts.id, { forUpdate: true });
    const usedBy = (await tablesByConnection(tx, row.id)).get(row.id) ?? [];
    if (usedBy.length > 0) {
      throw conflict(`Connection "${row.name}" is used by ${usedBy.map((t) => `"${t}"`).join(", ")}; move those tables first.`, { usedBy });
    }
    await tx.delete(featureConnections).where(eq(featureConnections.id, row.id));
    const before = toConnectionDto(row, []);
    await recordAudit(tx, { actor: opts.actor, kind: "connection", action: "delete", target: row.name, before });
    return before;
  });
}
